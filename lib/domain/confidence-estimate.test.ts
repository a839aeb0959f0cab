import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Random } from "../demo/random";
import { binEdges, binOf, calibrationMap, estimateAccuracy, type ConfidenceBin } from "./confidence-estimate";

// Confidence-based estimation follows a shift in what comes in (covariate shift: harder questions,
// lower confidence, the same calibration) within a few points — and, as said on the page, cannot see
// a drop while confidence stays high.

const clamp = (x: number) => Math.min(0.999, Math.max(0.3, x));
/** P(correct | confidence): a little overconfident, the same before and after the shift */
const truthAt = (c: number) => Math.max(0, c - 0.03);

function emptyBins(): ConfidenceBin[] {
  return binEdges().map((e) => ({ ...e, outputs: 0, labelled: 0, correct: 0 }));
}

/** outputs drawn with confidence ~ N(mean, sd); a random share labelled */
function period(
  rng: Random,
  bins: ConfidenceBin[],
  o: { outputs: number; mean: number; sd: number; labelRate: number; accuracyAt?: (c: number) => number },
) {
  let correct = 0;
  for (let i = 0; i < o.outputs; i++) {
    const c = clamp(rng.normal(o.mean, o.sd));
    const ok = rng.chance((o.accuracyAt ?? truthAt)(c));
    if (ok) correct++;
    const b = bins[binOf(c)];
    b.outputs++;
    if (rng.chance(o.labelRate)) {
      b.labelled++;
      if (ok) b.correct++;
    }
  }
  return correct / o.outputs;
}

describe("accuracy estimated from confidence", () => {
  it("tracks a covariate shift within 3 points (mean error over 200 runs), its interval covering the realised accuracy", () => {
    const rng = new Random(23);
    let error = 0;
    let covered = 0;
    const runs = 200;
    for (let r = 0; r < runs; r++) {
      const history = emptyBins();
      period(rng, history, { outputs: 8000, mean: 0.85, sd: 0.1, labelRate: 0.05 });
      const map = calibrationMap(history);
      // the shifted week: harder inputs, lower confidence, unlabelled as yet
      const week = emptyBins();
      const truth = period(rng, week, { outputs: 5000, mean: 0.72, sd: 0.1, labelRate: 0 });
      const e = estimateAccuracy(week, { map });
      error += Math.abs(e.value! - truth);
      if (e.lower! <= truth && truth <= e.upper!) covered++;
    }
    console.info(
      `confidence estimate under covariate shift: mean |error| ${((error / runs) * 100).toFixed(2)} points, coverage ${(covered / runs).toFixed(3)}`,
    );
    expect((error / runs) * 100).toBeLessThanOrEqual(3);
    expect(covered / runs).toBeGreaterThanOrEqual(0.9);
  });

  it("cannot see a drop while confidence stays high (the danger case): the estimate stays where it was", () => {
    const rng = new Random(5);
    const history = emptyBins();
    period(rng, history, { outputs: 8000, mean: 0.9, sd: 0.05, labelRate: 0.05 });
    const map = calibrationMap(history);
    const shock = emptyBins();
    const truth = period(rng, shock, { outputs: 3000, mean: 0.9, sd: 0.05, labelRate: 0, accuracyAt: () => 0.7 });
    const e = estimateAccuracy(shock, { map });
    expect(truth).toBeLessThan(0.72);
    expect(e.value!).toBeGreaterThan(0.84);
  });

  it("learns a monotone map: a more confident bin is never expected to be less often right", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(200), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 20, maxLength: 20 }),
        (cells) => {
          const bins = binEdges().map((e, i) => ({
            ...e,
            outputs: 0,
            labelled: cells[i][0],
            correct: Math.round(cells[i][0] * cells[i][1]),
          }));
          const map = calibrationMap(bins);
          return map.every((s, i) => i === 0 || (map[i - 1].accuracy <= s.accuracy + 1e-12 && map[i - 1].upper === s.lower));
        },
      ),
    );
    // a bin right less often than the one below it is pooled with it
    const bins = binEdges().map((e) => ({ ...e, outputs: 0, labelled: 0, correct: 0 }));
    bins[12] = { ...bins[12], labelled: 200, correct: 150 };
    bins[13] = { ...bins[13], labelled: 200, correct: 120 };
    const step = calibrationMap(bins).find((s) => s.lower === bins[12].lower)!;
    expect(step.upper).toBeGreaterThanOrEqual(bins[13].upper);
    expect(step.labels).toBe(400);
  });

  it("gives no estimate below 50 random-sample labels", () => {
    const bins = emptyBins();
    bins[18] = { ...bins[18], outputs: 1000, labelled: 49, correct: 45 };
    expect(estimateAccuracy(bins)).toMatchObject({ value: null, lower: null, upper: null, n: 1000, labels: 49 });
  });

  it("always gives a value inside its interval, inside [0, 1]", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(1000), fc.nat(100), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 20, maxLength: 20 }),
        (cells) => {
          const bins = binEdges().map((e, i) => {
            const [outputs, labelled, share] = cells[i];
            return { ...e, outputs, labelled, correct: Math.round(labelled * share) };
          });
          const e = estimateAccuracy(bins);
          if (e.value === null) return e.lower === null;
          return e.lower! >= 0 && e.upper! <= 1 && e.lower! <= e.value && e.value <= e.upper! + 1e-12;
        },
      ),
    );
  });
});
