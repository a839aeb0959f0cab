// Time buckets and confidence bins: the coordinates of every rollup.

export const MINUTE_MS = 60_000;
export const CONFIDENCE_BINS = 20;

export type Interval = "minute" | "hour" | "day";
export const INTERVAL_MINUTES: Record<Interval, number> = { minute: 1, hour: 60, day: 1440 };

/** Epoch minute of a millisecond timestamp (the rollup row's time coordinate). */
export function minuteOf(ms: number): number {
  return Math.floor(ms / MINUTE_MS);
}

/** Start (epoch minute) of the interval that holds the given epoch minute, in UTC. */
export function intervalStart(minute: number, interval: Interval): number {
  const size = INTERVAL_MINUTES[interval];
  return minute - (((minute % size) + size) % size);
}

/** Confidence bin 0..19; bin i holds [i/20, (i+1)/20), and 1.0 falls in the last bin. */
export function confidenceBin(confidence: number): number {
  const bin = Math.floor(confidence * CONFIDENCE_BINS);
  return Math.min(CONFIDENCE_BINS - 1, Math.max(0, bin));
}

/** The interval a chart should use for a range: about 24–720 points, never more than ~1500. */
export function intervalForRange(fromMs: number, toMs: number): Interval {
  const minutes = (toMs - fromMs) / MINUTE_MS;
  if (minutes <= 6 * 60) return "minute";
  if (minutes <= 8 * 1440) return "hour";
  return "day";
}

/** Column-name suffix of a bin ("00".."19"). */
export function binSuffix(bin: number): string {
  return bin.toString().padStart(2, "0");
}
