import { pairsOf, type JudgeCells } from "./agreement";
import { wilsonInterval, Z95 } from "./stats";

// Judge-corrected accuracy (issue 23): prediction-powered inference (Angelopoulos et al. 2023). An LLM judge grades every output; people
// grade a random sample. The judge's accuracy over the outputs people did not grade, corrected by
// the judge's error measured on the random sample, is unbiased whatever the judge's bias — and its
// interval counts both sources of noise. Only random-sample verdicts may correct anything: targeted
// reviews are biased by design. Everything here works on sums, so rollups of any slice and range
// add up before the estimate is made.

export interface JudgeSums {
  /** outputs with a judge verdict (the random-sample pairs among them) */
  judged: number;
  /** of those, judged correct */
  judgedCorrect: number;
  /** random-sample outputs with both a human (or ground-truth) and a judge verdict, by agreement */
  pairs: JudgeCells;
}

export type AccuracyMethod = "labels" | "judge_corrected" | "judge_uncorrected";

export interface JudgeCorrectedEstimate {
  method: "judge_corrected" | "judge_uncorrected";
  /** null when nothing was judged */
  value: number | null;
  /** null: no honest interval (the judge uncorrected, its bias unknown) */
  lower: number | null;
  upper: number | null;
  /** random-sample pairs behind the correction */
  pairs: number;
  judged: number;
  /** the judge's own accuracy over every judged output */
  judgeAccuracy: number | null;
  /** the judge's verdict minus people's on the random sample (its bias, in points of accuracy) */
  judgeBias: number | null;
}

/** Fewer random pairs than this and the correction is not made: the judge's figure stands, said loudly. */
export const MIN_PAIRS = 20;

/**
 * Judge-corrected accuracy with a 95 % interval. With `minPairs` or more random pairs:
 * θ = J̄_rest + (H̄ₙ − J̄ₙ): the judge's accuracy over the judged outputs outside the random sample plus
 * the mean difference between people and the judge on it; its variance Var(J)/N + Var(H − J)/n, with
 * Student's quantile for the n pairs. (Power tuning — PPI++, weighting the judge by its covariance with
 * people — narrowed the interval for a poor judge but covered 1–1.5 points less in the simulation of
 * judge-corrected.test.ts at 60–100 pairs, so the plain estimator it is.) Below `minPairs`, the judge's
 * own accuracy, uncorrected and without an interval. (`pairs` may come from a trailing window when the
 * range itself has too few: the caller says so.)
 */
export function judgeCorrectedAccuracy(s: JudgeSums, options: { minPairs?: number; z?: number } = {}): JudgeCorrectedEstimate {
  const z = options.z ?? Z95;
  const n = pairsOf(s.pairs);
  const judgeAccuracy = s.judged > 0 ? s.judgedCorrect / s.judged : null;
  if (n < (options.minPairs ?? MIN_PAIRS) || s.judged === 0) {
    return {
      method: "judge_uncorrected",
      value: judgeAccuracy,
      lower: null,
      upper: null,
      pairs: n,
      judged: s.judged,
      judgeAccuracy,
      judgeBias: null,
    };
  }
  // judgeSaysWrong: people say correct, the judge wrong; judgeSaysCorrect: the other way round
  const { agreeCorrect: bothCorrect, judgeSaysWrong: humanOnly, judgeSaysCorrect: judgeOnly } = s.pairs;
  const h = (bothCorrect + humanOnly) / n; // people's accuracy on the sample
  const jn = (bothCorrect + judgeOnly) / n; // the judge's on the same outputs
  // the judged outputs outside the random sample (independent of it)
  const rest = Math.max(0, s.judged - n);
  const restCorrect = Math.min(rest, Math.max(0, s.judgedCorrect - (bothCorrect + judgeOnly)));
  const jr = rest > 0 ? restCorrect / rest : jn;
  const value = clamp01(jr + (h - jn));
  // H − J takes −1, 0 or 1: its variance from the disagreements
  const diffMean = h - jn;
  const varDiff = (humanOnly + judgeOnly) / n - diffMean * diffMean;
  const variance = varDiff / n + (rest > 0 ? (jr * (1 - jr)) / rest : 0);
  // a sample with no spread (all agree, all correct) has a zero plug-in variance: fall back on people's Wilson interval width
  const half = variance > 0 ? studentQuantile(z, n - 1) * Math.sqrt(variance) : halfWilson(bothCorrect + humanOnly, n, z);
  return {
    method: "judge_corrected",
    value,
    lower: clamp01(value - half),
    upper: clamp01(value + half),
    pairs: n,
    judged: s.judged,
    judgeAccuracy,
    judgeBias: jn - h,
  };
}

/**
 * Student's t quantile for the normal quantile z and df degrees of freedom (Cornish–Fisher expansion,
 * within 0.1 % from 10 df): the correction's variance is estimated from a few dozen pairs, and the
 * normal quantile alone under-covered (93.2 % in the simulation of judge-corrected.test.ts).
 */
export function studentQuantile(z: number, df: number): number {
  if (df <= 0) return Infinity;
  const z3 = z * z * z;
  const z5 = z3 * z * z;
  return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df);
}

function halfWilson(k: number, n: number, z: number) {
  const [lo, hi] = wilsonInterval(k, n, z);
  return (hi - lo) / 2;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
