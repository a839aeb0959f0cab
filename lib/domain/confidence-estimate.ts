import { Z95 } from "./stats";

// Estimated accuracy from confidence, before any label arrives (issue 23; confidence-based
// performance estimation). A calibration map — how often answers of each confidence turn out
// correct — is learned from random-sample labels only (targeted reviews are biased by design), made
// monotone (pool-adjacent-violators: a more confident answer is never expected to be less often
// right; sparse bins shrunk towards the feature's overall calibration gap) and applied to the confidence of every output. It follows a change in *what comes in*
// (more hard questions, lower confidence) but is blind to a change the model does not notice: a drop
// while confidence stays high — the seed's "danger" case, which the judge and the overconfidence
// rule must catch.

/** One confidence bin of the sums the rollups keep. */
export interface ConfidenceBin {
  /** lower edge of the bin, in [0, 1) */
  lower: number;
  upper: number;
  /** outputs with a confidence in this bin (all of them, labelled or not) */
  outputs: number;
  /** random-sample labels of outputs in this bin, and how many said correct */
  labelled: number;
  correct: number;
}

export interface CalibrationStep {
  lower: number;
  upper: number;
  /** P(correct) for answers in [lower, upper) */
  accuracy: number;
  /** random-sample labels behind it */
  labels: number;
  /** labels plus the prior's pseudo-labels: what its variance is counted on */
  weight: number;
}

export interface ConfidenceEstimate {
  value: number | null;
  lower: number | null;
  upper: number | null;
  /** outputs the estimate covers */
  n: number;
  /** random-sample labels the calibration map was learned from */
  labels: number;
}

/** Fewer random-sample labels than this and no map is learned: no estimate rather than a guess. */
export const MIN_CALIBRATION_LABELS = 50;

/** The map learns from random labels of this trailing window (or the range, when longer). */
export const CALIBRATION_WINDOW_DAYS = 30;

/** Pseudo-labels of the prior each bin is shrunk towards (a bin with few labels leans on it). */
export const PRIOR_LABELS = 20;

const mid = (b: { lower: number; upper: number }) => (b.lower + Math.min(1, b.upper)) / 2;

/**
 * The monotone calibration map over every bin. Each bin's accuracy is its random-sample labels
 * shrunk towards a prior — its confidence plus the feature's overall calibration gap (labelled
 * accuracy minus their mean confidence) — worth PRIOR_LABELS labels, so a confidence range the
 * labels rarely reached (a shift to harder inputs) is read through the gap rather than through a
 * distant bin; then pool-adjacent-violators, weighted, makes it monotone. Empty without labels.
 */
export function calibrationMap(bins: readonly ConfidenceBin[]): CalibrationStep[] {
  const labels = bins.reduce((s, b) => s + b.labelled, 0);
  if (labels === 0) return [];
  const gap = (bins.reduce((s, b) => s + b.correct, 0) - bins.reduce((s, b) => s + mid(b) * b.labelled, 0)) / labels;
  const blocks: CalibrationStep[] = [];
  for (const b of [...bins].sort((x, y) => x.lower - y.lower)) {
    const prior = clamp01(mid(b) + gap);
    const weight = b.labelled + PRIOR_LABELS;
    blocks.push({ lower: b.lower, upper: b.upper, accuracy: (b.correct + PRIOR_LABELS * prior) / weight, labels: b.labelled, weight });
    // merge backwards while the order is violated
    while (blocks.length > 1 && blocks[blocks.length - 2].accuracy > blocks[blocks.length - 1].accuracy) {
      const last = blocks.pop()!;
      const prev = blocks.pop()!;
      const w = prev.weight + last.weight;
      blocks.push({
        lower: prev.lower,
        upper: last.upper,
        accuracy: (prev.accuracy * prev.weight + last.accuracy * last.weight) / w,
        labels: prev.labels + last.labels,
        weight: w,
      });
    }
  }
  return blocks;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** The step that answers for a bin: the one holding its middle, else the nearest. */
export function stepFor(map: readonly CalibrationStep[], lower: number, upper: number): CalibrationStep {
  const m = (lower + upper) / 2;
  let best = map[0];
  let bestDistance = Infinity;
  for (const s of map) {
    const d = m < s.lower ? s.lower - m : m >= s.upper ? m - s.upper : 0;
    if (d < bestDistance) {
      best = s;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * Accuracy the outputs' confidence predicts: Σ share of outputs per bin × the map's accuracy there,
 * with a 95 % interval from the map's own uncertainty (each step estimated from its labels) and the
 * outputs' (a finite number of answers, each right or wrong).
 */
export function estimateAccuracy(
  bins: readonly ConfidenceBin[],
  options: { map?: CalibrationStep[]; z?: number } = {},
): ConfidenceEstimate {
  const map = options.map ?? calibrationMap(bins);
  const labels = map.reduce((s, x) => s + x.labels, 0);
  const n = bins.reduce((s, b) => s + b.outputs, 0);
  if (n === 0 || labels < MIN_CALIBRATION_LABELS) return { value: null, lower: null, upper: null, n, labels };
  // outputs per step (a step's estimate is shared by every bin it answers for)
  const weights = new Map<CalibrationStep, number>();
  for (const b of bins) {
    if (b.outputs === 0) continue;
    const step = stepFor(map, b.lower, b.upper);
    weights.set(step, (weights.get(step) ?? 0) + b.outputs);
  }
  let value = 0;
  let variance = 0;
  for (const [step, outputs] of weights) {
    const w = outputs / n;
    const p = step.accuracy;
    value += w * p;
    variance += (w * w * p * (1 - p)) / step.weight + (w * p * (1 - p)) / n;
  }
  const z = options.z ?? Z95;
  const half = z * Math.sqrt(variance);
  return { value, lower: Math.max(0, value - half), upper: Math.min(1, value + half), n, labels };
}

/** Equal-width confidence bins, [0, 1) in `count` steps (the last holds 1.0). */
export function binEdges(count = 20): { lower: number; upper: number }[] {
  return Array.from({ length: count }, (_, i) => ({ lower: i / count, upper: i === count - 1 ? 1.000001 : (i + 1) / count }));
}

/** The bin index of a confidence for `binEdges(count)`. */
export const binOf = (confidence: number, count = 20) => Math.min(count - 1, Math.max(0, Math.floor(confidence * count)));
