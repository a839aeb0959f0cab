import { binSuffix, CONFIDENCE_BINS } from "./buckets";
import { binEdges, calibrationMap, MIN_CALIBRATION_LABELS, stepFor, type CalibrationStep, type ConfidenceBin } from "./confidence-estimate";

// The estimate's sequential signal ("estimate", issue 23 part 3): per minute, the trials are the
// outputs with a confidence and the "bad" count is the number of wrong answers their confidence
// predicts — Σ over the minute's confidence bins of outputs × (1 − the calibration map's accuracy
// there). The map is learned once per evaluation from random-sample labels (the 30 days before the
// evaluation, as the metrics API learns it): of the cell's phase and segment where they have
// MIN_CALIBRATION_LABELS, else of its phase, else of the feature; none at all and the cell has no
// trials. The count is fractional: the CUSUM's Bernoulli log-likelihood increment is linear in the
// counts, so it takes it as it is, and an expected count varies less than a Bernoulli one (each
// output adds 1 − p, a value in [0, 1], whose variance is at most that of a 0/1 outcome with the
// same mean), so the thresholds set for Bernoulli trials keep the false-alarm budget or better.
//
// What it cannot see: a drop while confidence stays high (the seed's "danger" case) leaves every
// output's confidence — and so the estimate — where it was. The judge's stream and the
// overconfidence rules catch that one.

/** The map's accuracy for each of the rollups' confidence bins (the step holding the bin's middle, else the nearest). */
export function binAccuracies(map: readonly CalibrationStep[], count = CONFIDENCE_BINS): number[] {
  return binEdges(count).map((b) => stepFor(map, b.lower, b.upper).accuracy);
}

/** Outputs with a confidence and the wrong answers their confidence predicts (fractional). */
export function expectedWrong(outputsPerBin: readonly number[], accuracy: readonly number[]): { n: number; bad: number } {
  let n = 0;
  let bad = 0;
  for (let i = 0; i < outputsPerBin.length; i++) {
    const o = outputsPerBin[i] ?? 0;
    if (o <= 0) continue;
    n += o;
    bad += o * (1 - accuracy[i]);
  }
  return { n, bad };
}

/** Random-sample labels by confidence bin (rl00…, rc00…) of one (phase, segment) cell. */
export interface RandomLabelCell {
  phase: string;
  segment: string;
  sums: Record<string, number | undefined>;
}

/** The maps a sequential evaluation applies: per cell, the accuracy per confidence bin, or null (no map). */
export interface CalibrationMaps {
  /** random-sample labels of the whole feature in the window */
  labels: number;
  /** per-bin accuracy for a cell; null when even the feature has too few labels */
  forCell(phase: string, segment: string): number[] | null;
}

const binsOf = (sums: Record<string, number | undefined>): ConfidenceBin[] =>
  binEdges(CONFIDENCE_BINS).map((edge, i) => ({
    ...edge,
    outputs: 0,
    labelled: sums[`rl${binSuffix(i)}`] ?? 0,
    correct: sums[`rc${binSuffix(i)}`] ?? 0,
  }));

const labelsOf = (bins: ConfidenceBin[]) => bins.reduce((s, b) => s + b.labelled, 0);

function add(into: Map<string, Record<string, number>>, key: string, sums: Record<string, number | undefined>) {
  const acc = into.get(key) ?? {};
  for (const [k, v] of Object.entries(sums)) acc[k] = (acc[k] ?? 0) + (v ?? 0);
  into.set(key, acc);
}

/**
 * Learns the maps once from the random labels of every cell: a cell's own where it has
 * MIN_CALIBRATION_LABELS, else its phase's, else the feature's (as the metrics API falls back from
 * a phase/segment scope to the feature); without enough labels anywhere every cell has none.
 */
export function learnCalibrationMaps(cells: readonly RandomLabelCell[], minLabels = MIN_CALIBRATION_LABELS): CalibrationMaps {
  const byCell = new Map<string, Record<string, number>>();
  const byPhase = new Map<string, Record<string, number>>();
  const all = new Map<string, Record<string, number>>();
  for (const c of cells) {
    add(byCell, `${c.phase}\u0000${c.segment}`, c.sums);
    add(byPhase, c.phase, c.sums);
    add(all, "", c.sums);
  }
  const learned = new Map<Record<string, number>, number[] | null>();
  const mapOf = (sums: Record<string, number> | undefined): number[] | null => {
    if (!sums) return null;
    if (!learned.has(sums)) {
      const bins = binsOf(sums);
      learned.set(sums, labelsOf(bins) >= minLabels ? binAccuracies(calibrationMap(bins)) : null);
    }
    return learned.get(sums)!;
  };
  const feature = all.get("");
  return {
    labels: feature ? labelsOf(binsOf(feature)) : 0,
    forCell: (phase, segment) => mapOf(byCell.get(`${phase}\u0000${segment}`)) ?? mapOf(byPhase.get(phase)) ?? mapOf(feature),
  };
}

/** What a rule on the estimate says when it watches nothing: the map's missing labels. */
export function noMapMessage(labels: number, windowDays: number): string {
  return `No calibration map: ${labels} random-sample labels in the last ${windowDays} days, and the estimate needs ${MIN_CALIBRATION_LABELS} (send a random sample of labels), so this rule has no trials and watches nothing`;
}
