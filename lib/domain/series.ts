import { binSuffix, CONFIDENCE_BINS, INTERVAL_MINUTES, intervalStart, MINUTE_MS, type Interval } from "./buckets";
import { expectedCalibrationError, rate, type Rate } from "./stats";

// Shapes summed rollup rows into what charts and the metrics API show: every rate with its
// sample size and Wilson interval, empty intervals present (as zero counts, null rates).

export interface Counters {
  outputs: number;
  shown: number;
  fallbacks: number;
  /** of shown: shown flagged as low-confidence */
  flagged: number;
  /** of fallbacks: the user was asked for input instead */
  asked: number;
  labelled: number;
  correct: number;
  thumbsUp: number;
  thumbsDown: number;
  tickets: number;
  criticalTickets: number;
  confidenceSum: number;
  labelledConfidenceSum: number;
  /** outputs sent without a confidence, and those of them labelled: left out of the confidence means */
  noConfidence: number;
  labelledNoConfidence: number;
}

export const ZERO_COUNTERS: Counters = {
  outputs: 0,
  shown: 0,
  fallbacks: 0,
  flagged: 0,
  asked: 0,
  labelled: 0,
  correct: 0,
  thumbsUp: 0,
  thumbsDown: 0,
  tickets: 0,
  criticalTickets: 0,
  confidenceSum: 0,
  labelledConfidenceSum: 0,
  noConfidence: 0,
  labelledNoConfidence: 0,
};

export interface SeriesRow extends Counters {
  /** epoch minute at the start of the interval */
  start: number;
}

export interface Figures extends Omit<Counters, "confidenceSum" | "labelledConfidenceSum"> {
  accuracy: Rate;
  thumbsDownRate: Rate;
  fallbackRate: Rate;
  meanConfidence: number | null;
  /** mean confidence of the labelled outputs, comparable with accuracy */
  meanLabelledConfidence: number | null;
  /** mean labelled confidence minus accuracy; positive = overconfident */
  overconfidence: number | null;
}

export interface Point extends Figures {
  t: string;
  start: number;
}

export function figures(c: Counters): Figures {
  const { confidenceSum, labelledConfidenceSum, ...counts } = c;
  const accuracy = rate(c.correct, c.labelled);
  const confident = c.outputs - c.noConfidence;
  const labelledConfident = c.labelled - c.labelledNoConfidence;
  const meanLabelledConfidence = labelledConfident > 0 && labelledConfidenceSum > 0 ? labelledConfidenceSum / labelledConfident : null;
  return {
    ...counts,
    accuracy,
    thumbsDownRate: rate(c.thumbsDown, c.thumbsUp + c.thumbsDown),
    fallbackRate: rate(c.fallbacks, c.outputs),
    meanConfidence: confident > 0 ? confidenceSum / confident : null,
    meanLabelledConfidence,
    overconfidence: meanLabelledConfidence !== null && accuracy.value !== null ? meanLabelledConfidence - accuracy.value : null,
  };
}

export function addCounters(a: Counters, b: Counters): Counters {
  const out = { ...a };
  for (const k of Object.keys(ZERO_COUNTERS) as (keyof Counters)[]) out[k] = a[k] + b[k];
  return out;
}

/** One point per interval from `fromMs` to `toMs` (the interval holding `toMs` included). */
export function shapeSeries(rows: SeriesRow[], fromMs: number, toMs: number, interval: Interval): Point[] {
  const size = INTERVAL_MINUTES[interval];
  const byStart = new Map<number, Counters>();
  for (const r of rows) {
    const start = intervalStart(r.start, interval);
    byStart.set(start, addCounters(byStart.get(start) ?? ZERO_COUNTERS, r));
  }
  const first = intervalStart(Math.floor(fromMs / MINUTE_MS), interval);
  const last = intervalStart(Math.floor((toMs - 1) / MINUTE_MS), interval);
  const points: Point[] = [];
  for (let start = first; start <= last; start += size) {
    points.push({ t: new Date(start * MINUTE_MS).toISOString(), start, ...figures(byStart.get(start) ?? ZERO_COUNTERS) });
  }
  return points;
}

export interface HistogramBin {
  bin: number;
  from: number;
  to: number;
  outputs: number;
}

export interface CalibrationPoint {
  bin: number;
  from: number;
  to: number;
  labelled: number;
  correct: number;
  meanConfidence: number | null;
  accuracy: Rate;
}

/** Histogram and reliability diagram from summed bin columns (h00..h19, l.., c.., s..). */
export function shapeBins(sums: Record<string, number>): {
  histogram: HistogramBin[];
  calibration: CalibrationPoint[];
  ece: number | null;
} {
  const histogram: HistogramBin[] = [];
  const calibration: CalibrationPoint[] = [];
  for (let i = 0; i < CONFIDENCE_BINS; i++) {
    const b = binSuffix(i);
    const from = i / CONFIDENCE_BINS;
    const to = (i + 1) / CONFIDENCE_BINS;
    const labelled = sums["l" + b] ?? 0;
    const correct = sums["c" + b] ?? 0;
    histogram.push({ bin: i, from, to, outputs: sums["h" + b] ?? 0 });
    calibration.push({
      bin: i,
      from,
      to,
      labelled,
      correct,
      meanConfidence: labelled > 0 ? (sums["s" + b] ?? 0) / labelled : null,
      accuracy: rate(correct, labelled),
    });
  }
  const ece = expectedCalibrationError(
    calibration.map((c) => ({ n: c.labelled, correct: c.correct, confidenceSum: (c.meanConfidence ?? 0) * c.labelled })),
  );
  return { histogram, calibration, ece };
}
