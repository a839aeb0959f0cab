import { binSuffix } from "./buckets";

// Latency and token usage in the rollups (issue 27): per bucket, the outputs that reported a
// duration, their summed milliseconds and a histogram in fixed log buckets; the outputs that
// reported token usage and their summed input and output tokens. Sums and fixed buckets add up over
// any range and slice, so p50/p95 of a day, a phase or a model come from the same rows as a minute's.

/**
 * Upper bounds (ms, inclusive) of the latency buckets: 50 ms × √2^i, rounded — 50, 71, 100, 141 …
 * 102 400 ms. Bucket i holds durations in (bound[i−1], bound[i]]; one more bucket holds the longer
 * ones. A quantile read from them is within a factor √2 of the true one (about ±19 % at the
 * geometric middle of its bucket).
 */
export const LATENCY_BOUNDS_MS: readonly number[] = Array.from({ length: 23 }, (_, i) => Math.round(50 * Math.SQRT2 ** i));
export const LATENCY_BUCKETS = LATENCY_BOUNDS_MS.length + 1;

/** Column of latency bucket i: d00 … d23. */
export const latencyColumn = (i: number) => "d" + binSuffix(i);
export const LATENCY_BIN_COLUMNS: string[] = Array.from({ length: LATENCY_BUCKETS }, (_, i) => latencyColumn(i));

/** timed: outputs with a duration; metered: outputs with token usage (either count). */
export const USAGE_SUM_COLUMNS = ["timed", "durationSum", "metered", "inputTokenSum", "outputTokenSum"] as const;
/** Every latency and token column the minute, hour and model rollups keep. */
export const USAGE_COLUMNS: string[] = [...USAGE_SUM_COLUMNS, ...LATENCY_BIN_COLUMNS];
/** Sums that can exceed a 32-bit integer: kept as floating point (exact to 2^53). */
export const USAGE_FLOAT_COLUMNS: readonly string[] = ["durationSum", "inputTokenSum", "outputTokenSum"];

/** The latency bucket of a duration in ms. */
export function latencyBucket(ms: number): number {
  let i = 0;
  while (i < LATENCY_BOUNDS_MS.length && ms > LATENCY_BOUNDS_MS[i]) i++;
  return i;
}

export interface OutputUsage {
  inputTokens?: number | null;
  outputTokens?: number | null;
  durationMs?: number | null;
}

/** What one output adds to the usage columns (nothing for an output that reported neither). */
export function usageDelta(u: OutputUsage): Record<string, number> {
  const d: Record<string, number> = {};
  if (u.durationMs !== undefined && u.durationMs !== null) {
    d.timed = 1;
    d.durationSum = u.durationMs;
    d[latencyColumn(latencyBucket(u.durationMs))] = 1;
  }
  const input = u.inputTokens ?? null;
  const output = u.outputTokens ?? null;
  if (input !== null || output !== null) {
    d.metered = 1;
    if (input !== null) d.inputTokenSum = input;
    if (output !== null) d.outputTokenSum = output;
  }
  return d;
}

/**
 * The q-quantile (0..1) of the durations counted in summed bucket columns, in ms: the bucket that
 * holds rank q × n, interpolated geometrically inside it (linearly in the first, from 0). In the
 * open last bucket the answer is its lower bound (`above`: the true value is longer). Null when no
 * output reported a duration.
 */
export function latencyQuantile(sums: Record<string, number>, q: number): { ms: number; above: boolean } | null {
  const counts = LATENCY_BIN_COLUMNS.map((c) => Math.max(0, sums[c] ?? 0));
  const n = counts.reduce((a, b) => a + b, 0);
  if (n <= 0) return null;
  const target = Math.min(1, Math.max(0, q)) * n;
  let below = 0;
  for (let i = 0; i < counts.length; i++) {
    if (counts[i] === 0) continue;
    if (below + counts[i] >= target || i === counts.length - 1) {
      const share = Math.min(1, Math.max(0, (target - below) / counts[i]));
      if (i === LATENCY_BOUNDS_MS.length) return { ms: LATENCY_BOUNDS_MS[i - 1], above: true };
      const hi = LATENCY_BOUNDS_MS[i];
      if (i === 0) return { ms: Math.round(hi * share), above: false };
      const lo = LATENCY_BOUNDS_MS[i - 1];
      return { ms: Math.round(lo * (hi / lo) ** share), above: false };
    }
    below += counts[i];
  }
  return null;
}

export interface LatencyFigure {
  p50Ms: number | null;
  p95Ms: number | null;
  /** outputs that reported a duration */
  n: number;
  meanMs: number | null;
  /** p95 fell in the open last bucket: the true p95 is longer than p95Ms */
  p95Above: boolean;
}

/** p50, p95 and mean latency from summed rollup columns. */
export function latencyFigure(sums: Record<string, number>): LatencyFigure {
  const n = sums.timed ?? 0;
  const p50 = latencyQuantile(sums, 0.5);
  const p95 = latencyQuantile(sums, 0.95);
  return {
    p50Ms: p50?.ms ?? null,
    p95Ms: p95?.ms ?? null,
    n,
    meanMs: n > 0 ? Math.round((sums.durationSum ?? 0) / n) : null,
    p95Above: p95?.above ?? false,
  };
}

/** A point of the latency chart: p50 and p95 of the interval, null where no output reported a duration. */
export interface LatencyRow {
  start: number;
  p50: number | null;
  p95: number | null;
  n: number;
}

export function latencyRows(
  points: readonly { start: number; latency?: { p50Ms: number | null; p95Ms: number | null; n: number } }[],
): LatencyRow[] {
  return points.map((p) => ({ start: p.start, p50: p.latency?.p50Ms ?? null, p95: p.latency?.p95Ms ?? null, n: p.latency?.n ?? 0 }));
}

/** The interval with the highest p95 (at least `minN` durations), for the chart's finding. */
export function slowestInterval(rows: readonly LatencyRow[], minN = 5): LatencyRow | null {
  let worst: LatencyRow | null = null;
  for (const r of rows) if (r.n >= minN && r.p95 !== null && (worst === null || r.p95 > worst.p95!)) worst = r;
  return worst;
}
