import { INTERVAL_MINUTES, MINUTE_MS, type Interval } from "./buckets";
import { MIN_SAMPLE } from "./chart-rows";
import { accuracyFigure, addJudgeTotals, type AccuracyFigure, type Correction, type JudgeTotals } from "./honest-accuracy";
import { addCounters, figures, ZERO_COUNTERS, type Counters, type Point } from "./series";

// Charts readable at any volume: at ordinary traffic an hour holds a handful of labels, and a chart
// of hourly points is a scatter of "uncertain" dots without intervals. A rate chart pools
// consecutive intervals into one point — the smallest pooling at which a typical point carries
// MIN_SAMPLE samples — so its points are solid, its 95 % band is drawn, and what it pools is said.

/** Poolings tried per interval, smallest first; every one divides a day (or a week) evenly. */
export const POOL_FACTORS: Record<Interval, number[]> = {
  minute: [1, 5, 10, 15, 30, 60],
  hour: [1, 2, 3, 4, 6, 8, 12, 24],
  day: [1, 7],
};

/** A chart keeps at least this many points when it can: fewer say nothing about a trend. */
export const MIN_POINTS = 6;

export interface Pooling {
  /** intervals per point */
  factor: number;
  /** minutes per point */
  minutes: number;
}

/** Groups of `factor` intervals aligned on multiples of their length (UTC), so points do not shift as time passes. */
function groupStart(start: number, minutes: number): number {
  return start - (((start % minutes) + minutes) % minutes);
}

function groupSums(points: { start: number; n: number }[], minutes: number): number[] {
  const sums = new Map<number, number>();
  for (const p of points) {
    const g = groupStart(p.start, minutes);
    sums.set(g, (sums.get(g) ?? 0) + p.n);
  }
  return [...sums.values()];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The smallest pooling at which the median point with samples holds at least `minN` of them, while
 * the range keeps at least MIN_POINTS points; when no pooling gets there, the coarsest that keeps them.
 */
export function choosePooling(samples: { start: number; n: number }[], interval: Interval, minN = MIN_SAMPLE): Pooling {
  const size = INTERVAL_MINUTES[interval];
  let chosen = 1;
  for (const factor of POOL_FACTORS[interval]) {
    const minutes = factor * size;
    const groups = groupSums(samples, minutes);
    if (factor > 1 && groups.length < MIN_POINTS) break;
    chosen = factor;
    const withSamples = groups.filter((n) => n > 0);
    if (withSamples.length === 0 || median(withSamples) >= minN) break;
  }
  return { factor: chosen, minutes: chosen * size };
}

function countersOf(p: Point): Counters {
  return {
    outputs: p.outputs,
    shown: p.shown,
    fallbacks: p.fallbacks,
    flagged: p.flagged,
    asked: p.asked,
    labelled: p.labelled,
    correct: p.correct,
    thumbsUp: p.thumbsUp,
    thumbsDown: p.thumbsDown,
    tickets: p.tickets,
    criticalTickets: p.criticalTickets,
    // older points (from before outputs could come without a confidence) lack the two counts
    confidenceSum: (p.meanConfidence ?? 0) * (p.outputs - (p.noConfidence ?? 0)),
    labelledConfidenceSum: (p.meanLabelledConfidence ?? 0) * (p.labelled - (p.labelledNoConfidence ?? 0)),
    noConfidence: p.noConfidence ?? 0,
    labelledNoConfidence: p.labelledNoConfidence ?? 0,
  };
}

/**
 * A point of the metrics API: its accuracy said with its method, and the judge's sums behind it
 * (issue 23), so that pooled points are judge-corrected the same way as the points they pool.
 */
export type JudgedPoint = Omit<Point, "accuracy"> & { accuracy: AccuracyFigure; judge?: JudgeTotals };

/**
 * Points pooled `pooling.minutes` at a time: counts summed, every rate and interval recomputed from
 * them. Accuracy is recomputed with its method from the pooled judge sums and `correction` (the
 * random pairs the metrics API corrected its own points with when they had too few).
 */
export function poolPoints<P extends Point | JudgedPoint>(
  points: P[],
  pooling: Pooling,
  correction: Correction | null = null,
): (P | Point)[] {
  if (pooling.factor === 1) return points;
  const groups = new Map<number, { counters: Counters; judge: JudgeTotals | null }>();
  for (const p of points) {
    const g = groupStart(p.start, pooling.minutes);
    const prior = groups.get(g);
    const judge = "judge" in p && p.judge ? p.judge : null;
    groups.set(g, {
      counters: addCounters(prior?.counters ?? ZERO_COUNTERS, countersOf(p as Point)),
      judge: prior?.judge && judge ? addJudgeTotals(prior.judge, judge) : (prior?.judge ?? judge),
    });
  }
  return [...groups]
    .sort(([a], [b]) => a - b)
    .map(([start, { counters, judge }]) => {
      const f = figures(counters);
      const accuracy = judge ? accuracyFigure(f.accuracy, judge, correction) : f.accuracy;
      return { t: new Date(start * MINUTE_MS).toISOString(), start, ...f, accuracy };
    });
}

/** A rate chart's points: pooled by the samples of its own rate (labels for accuracy, ratings for thumbs). */
export function pooledFor<P extends Point | JudgedPoint>(
  points: P[],
  interval: Interval,
  samplesOf: (p: P) => number,
  minN = MIN_SAMPLE,
  correction: Correction | null = null,
) {
  const pooling = choosePooling(
    points.map((p) => ({ start: p.start, n: samplesOf(p) })),
    interval,
    minN,
  );
  return { pooling, points: poolPoints(points, pooling, correction) };
}

export const labelsOf = (p: Point | JudgedPoint) => p.labelled;
export const ratingsOf = (p: Point | JudgedPoint) => p.thumbsUp + p.thumbsDown;
