import { describe, expect, it } from "vitest";
import { Random } from "../demo/random";
import { arlInControl, cusumOver, expectedDelay, increment, llrWeights, SlidingCusum, thresholdFor } from "./cusum";
import { simulateRunLengths } from "./cusum-simulation";

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

describe("Bernoulli CUSUM", () => {
  it("weighs a bad outcome up and a good one down, by the log-likelihood ratio", () => {
    const w = llrWeights({ p0: 0.1, p1: 0.2 });
    expect(w.bad).toBeCloseTo(Math.log(2), 10);
    expect(w.good).toBeCloseTo(Math.log(0.8 / 0.9), 10);
    expect(increment(w, 10, 3)).toBeCloseTo(3 * Math.log(2) + 7 * Math.log(0.8 / 0.9), 10);
  });

  it("restarts at zero: a long good stretch does not bank credit against a later change", () => {
    expect(cusumOver([-5, -5, -5, 2, 2])).toBe(4);
    expect(cusumOver([3, -1, 2])).toBe(4);
    expect(cusumOver([3, -1, 2], 1)).toBe(2);
  });

  it("slides to the same statistic as recomputing the memory every minute", () => {
    const rng = new Random(7);
    const xs = Array.from({ length: 3000 }, () => rng.normal(-0.2, 1));
    const sliding = new SlidingCusum(120);
    xs.forEach((_, t) => {
      const s = sliding.push(xs[t]);
      expect(s).toBeCloseTo(cusumOver(xs.slice(0, t + 1), 120), 9);
    });
  });

  it("sets a higher threshold for a longer promised time between false alarms", () => {
    const d = { p0: 0.1, p1: 0.2 };
    const h1 = thresholdFor(d, 60, 43_200);
    const h2 = thresholdFor(d, 60, 10 * 43_200);
    expect(h2 - h1).toBeCloseTo(Math.log(10), 0);
    expect(arlInControl(d, 60, h1)).toBeCloseTo(43_200, -2);
  });

  // The ARL approximation against simulation, at the traffic levels the issue names.
  it.each([
    { perMinute: 60, p1: 0.2, arl: 2000 },
    { perMinute: 60, p1: 0.14, arl: 3000 },
    { perMinute: 2, p1: 0.2, arl: 3000 },
    { perMinute: 6, p1: 0.35, arl: 3000 },
  ])(
    "keeps its false-alarm promise at $perMinute trials/min (design p1 $p1): simulated ARL within −20 %…+70 % of the target",
    ({ perMinute, p1, arl }) => {
      const design = { p0: 0.1, p1 };
      const h = thresholdFor(design, perMinute, arl);
      const runs = simulateRunLengths({ design, h, perMinute, before: 0.1, maxMinutes: 40 * arl, runs: 100, seed: 11 });
      const simulated = mean(runs);
      expect(simulated).toBeGreaterThan(0.8 * arl);
      expect(simulated).toBeLessThan(1.7 * arl);
    },
  );

  it.each([
    { perMinute: 60, p1: 0.2, after: 0.2 },
    { perMinute: 60, p1: 0.14, after: 0.14 },
    { perMinute: 2, p1: 0.2, after: 0.2 },
  ])("predicts its delay after a step ($perMinute/min, to $after) within 35 % of simulation", ({ perMinute, p1, after }) => {
    const design = { p0: 0.1, p1 };
    const h = thresholdFor(design, perMinute, 43_200);
    const predicted = expectedDelay(design, perMinute, h, after);
    const runs = simulateRunLengths({ design, h, perMinute, before: after, maxMinutes: 100_000, runs: 300, seed: 5 });
    expect(mean(runs)).toBeGreaterThan(0.65 * predicted);
    expect(mean(runs)).toBeLessThan(1.35 * predicted);
  });

  it("cannot see a change smaller than half its design (says so with an infinite delay)", () => {
    const design = { p0: 0.1, p1: 0.3 };
    expect(expectedDelay(design, 60, 10, 0.11)).toBe(Infinity);
  });

  it("matches the issue's figures: 1 label/s, 90 % → 80 %, about 3–5 minutes at one false alarm per 30 days", () => {
    const design = { p0: 0.1, p1: 0.2 };
    const d = expectedDelay(design, 60, thresholdFor(design, 60, 43_200), 0.2);
    expect(d).toBeGreaterThan(3);
    expect(d).toBeLessThan(6);
  });
});
