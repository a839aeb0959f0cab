import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Random } from "../demo/random";
import { NO_CELLS } from "./agreement";
import { judgeCorrectedAccuracy, studentQuantile, type JudgeSums } from "./judge-corrected";
import { wilsonInterval } from "./stats";

// The estimator's promise, checked by simulation: whatever the judge's bias, the 95 % interval covers
// the true accuracy about 95 % of the time; the figure Rollguard showed before (the judge's verdict
// wherever no person labelled, with a Wilson interval) almost never does.

interface Scenario {
  accuracy: number;
  /** the judge's accuracy (biased against the truth) */
  judgeSays: number;
  /** how often it agrees with people */
  agreement: number;
  /** share of outputs people review, at random */
  sampleRate: number;
  outputs: number;
}

/** P(judge says correct | truly correct) and P(judge says correct | truly wrong) for a scenario. */
function judgeModel(s: Scenario) {
  const p = s.accuracy;
  // judgeSays = p a + (1 − p) b; agreement = p a + (1 − p)(1 − b)
  const b = (s.judgeSays - s.agreement + (1 - p)) / (2 * (1 - p));
  const a = (s.judgeSays - (1 - p) * b) / p;
  if (a < 0 || a > 1 || b < 0 || b > 1) throw new Error(`no judge fits ${JSON.stringify(s)}`);
  return { a, b };
}

function simulate(s: Scenario, rng: Random) {
  const { a, b } = judgeModel(s);
  const sums: JudgeSums = { judged: 0, judgedCorrect: 0, pairs: { ...NO_CELLS } };
  let mixedCorrect = 0; // the old figure: human where labelled, else the judge
  for (let i = 0; i < s.outputs; i++) {
    const truth = rng.chance(s.accuracy);
    const judge = rng.chance(truth ? a : b);
    const sampled = rng.chance(s.sampleRate);
    sums.judged++;
    if (judge) sums.judgedCorrect++;
    if (sampled) {
      const key = truth ? (judge ? "agreeCorrect" : "judgeSaysWrong") : judge ? "judgeSaysCorrect" : "agreeWrong";
      sums.pairs[key]++;
    }
    if (sampled ? truth : judge) mixedCorrect++;
  }
  return { sums, mixed: wilsonInterval(mixedCorrect, s.outputs) };
}

function coverage(s: Scenario, runs: number, seed: number) {
  const rng = new Random(seed);
  let corrected = 0;
  let mixed = 0;
  let bias = 0;
  for (let r = 0; r < runs; r++) {
    const { sums, mixed: m } = simulate(s, rng);
    const e = judgeCorrectedAccuracy(sums);
    expect(e.method).toBe("judge_corrected");
    if (e.lower! <= s.accuracy && s.accuracy <= e.upper!) corrected++;
    if (m[0] <= s.accuracy && s.accuracy <= m[1]) mixed++;
    bias += e.value! - s.accuracy;
  }
  return { corrected: corrected / runs, mixed: mixed / runs, bias: bias / runs };
}

describe("judge-corrected accuracy", () => {
  const cases: Scenario[] = [
    { accuracy: 0.8, judgeSays: 0.88, agreement: 0.85, sampleRate: 0.03, outputs: 3000 },
    { accuracy: 0.8, judgeSays: 0.72, agreement: 0.85, sampleRate: 0.03, outputs: 3000 },
    { accuracy: 0.8, judgeSays: 0.88, agreement: 0.8, sampleRate: 0.02, outputs: 4000 },
    { accuracy: 0.8, judgeSays: 0.72, agreement: 0.9, sampleRate: 0.05, outputs: 2000 },
  ];
  for (const [i, s] of cases.entries()) {
    it(`covers the truth 93–97 % of 1 000 runs: judge ${s.judgeSays * 100} %, agreement ${s.agreement * 100} %, ${s.sampleRate * 100} % reviewed`, () => {
      const c = coverage(s, 1000, 100 + i);
      console.info(
        `judge-corrected coverage ${c.corrected.toFixed(3)} (bias ${(c.bias * 100).toFixed(2)} points); the judge-human mixture ${c.mixed.toFixed(3)}`,
      );
      expect(c.corrected).toBeGreaterThanOrEqual(0.93);
      expect(c.corrected).toBeLessThanOrEqual(0.97);
      expect(Math.abs(c.bias)).toBeLessThan(0.01);
      expect(c.mixed).toBeLessThan(0.2); // what Rollguard showed before
    });
  }

  it("uses Student's t quantile for the variance estimated from the pairs", () => {
    // tables: t(0.975; 10) = 2.228, t(0.975; 30) = 2.042, t(0.975; 120) = 1.980
    expect(studentQuantile(1.959964, 10)).toBeCloseTo(2.228, 2);
    expect(studentQuantile(1.959964, 30)).toBeCloseTo(2.042, 3);
    expect(studentQuantile(1.959964, 120)).toBeCloseTo(1.98, 3);
  });

  it("with too few random pairs, gives the judge's own figure, uncorrected, without an interval", () => {
    const e = judgeCorrectedAccuracy({
      judged: 1000,
      judgedCorrect: 880,
      pairs: { agreeCorrect: 5, judgeSaysWrong: 1, judgeSaysCorrect: 2, agreeWrong: 1 },
    });
    expect(e).toMatchObject({ method: "judge_uncorrected", value: 0.88, lower: null, upper: null, pairs: 9 });
  });

  it("a perfect judge lends its precision; a coin-flip judge is corrected back to people's figure", () => {
    const perfect = judgeCorrectedAccuracy({
      judged: 10_000,
      judgedCorrect: 8_000,
      pairs: { agreeCorrect: 80, judgeSaysWrong: 0, judgeSaysCorrect: 0, agreeWrong: 20 },
    });
    expect(perfect.value).toBeCloseTo(0.8, 3);
    expect(perfect.judgeBias).toBe(0);
    expect(perfect.upper! - perfect.lower!).toBeLessThan(0.03); // people alone: ±8 points
    const coin = judgeCorrectedAccuracy({
      judged: 10_000,
      judgedCorrect: 5_000,
      pairs: { agreeCorrect: 40, judgeSaysWrong: 40, judgeSaysCorrect: 10, agreeWrong: 10 },
    });
    expect(coin.value).toBeCloseTo(0.8, 2);
    expect(coin.judgeBias).toBeCloseTo(-0.3, 5);
    expect(coin.lower!).toBeLessThan(0.8);
    expect(coin.upper!).toBeGreaterThan(0.8);
  });

  it("always returns a value and an interval inside [0, 1] that holds the value", () => {
    fc.assert(
      fc.property(
        fc.nat(50),
        fc.nat(50),
        fc.nat(50),
        fc.nat(50),
        fc.nat(100_000),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (agreeCorrect, judgeSaysWrong, judgeSaysCorrect, agreeWrong, extra, share) => {
          const pairs = { agreeCorrect, judgeSaysWrong, judgeSaysCorrect, agreeWrong };
          const judged = agreeCorrect + judgeSaysWrong + judgeSaysCorrect + agreeWrong + extra;
          const judgedCorrect = agreeCorrect + judgeSaysCorrect + Math.round(extra * share);
          const e = judgeCorrectedAccuracy({ judged, judgedCorrect, pairs });
          if (e.method === "judge_uncorrected") return e.lower === null;
          return e.value! >= 0 && e.value! <= 1 && e.lower! <= e.value! && e.value! <= e.upper! && e.lower! >= 0 && e.upper! <= 1;
        },
      ),
    );
  });
});
