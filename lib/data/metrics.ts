import { INTERVAL_MINUTES, MINUTE_MS } from "../domain/buckets";
import { BIN_COLUMNS } from "../domain/rollup";
import { figures, shapeBins, shapeSeries, ZERO_COUNTERS, type Counters, type SeriesRow } from "../domain/series";
import { rate } from "../domain/stats";
import type { MetricsQuery } from "../schemas/metrics";
import { rollupSeries, rollupTotals, segmentSums, sliceSums } from "./rollup-reader";

// Dashboard reads: sums over rollup rows only, never raw outputs (read by rollup-reader.ts).

const COUNTERS = Object.keys(ZERO_COUNTERS) as (keyof Counters)[];

export async function featureMetrics(featureId: string, q: MetricsQuery) {
  const fromMinute = Math.floor(q.from / MINUTE_MS);
  const toMinute = Math.ceil(q.to / MINUTE_MS);
  const scope = { featureId, fromMinute, toMinute, phase: q.phase, segment: q.segment, model: q.model };
  const seriesRows = await rollupSeries({ ...scope, minutesOnly: q.interval === "minute" }, COUNTERS, { intervalMinutes: INTERVAL_MINUTES[q.interval] });
  const totals = await rollupTotals(scope, [...COUNTERS, ...BIN_COLUMNS]);
  const bins = shapeBins(totals);
  return {
    from: new Date(q.from).toISOString(),
    to: new Date(q.to).toISOString(),
    interval: q.interval,
    phase: q.phase ?? null,
    segment: q.segment ?? null,
    model: q.model ?? null,
    totals: figures({ ...ZERO_COUNTERS, ...pick(totals) }),
    points: shapeSeries(seriesRows.map((r) => ({ start: r.start, ...pick(r.sums) }) as SeriesRow), q.from, q.to, q.interval),
    histogram: bins.histogram,
    calibration: bins.calibration,
    ece: bins.ece,
  };
}

/** Adds a row's numbers into an accumulator (a new one when there is none). */
function addInto(acc: Record<string, number> | undefined, row: Record<string, number>): Record<string, number> {
  if (!acc) return { ...row };
  for (const [k, v] of Object.entries(row)) acc[k] = (acc[k] ?? 0) + v;
  return acc;
}

function pick(row: Record<string, number>): Counters {
  const out = { ...ZERO_COUNTERS };
  for (const k of COUNTERS) out[k] = row[k] ?? 0;
  return out;
}

export type FeatureMetrics = Awaited<ReturnType<typeof featureMetrics>>;

const SLICE_COUNTERS = ["outputs", "labelled", "correct", "thumbsUp", "thumbsDown"] as const;

/**
 * Accuracy and thumbs per segment and per input type, with intervals: where do errors sit? One
 * pass over the hourly slice rollups (grouped by both), then summed each way here. Of one model:
 * per segment from ModelBucket, and no input types (null: SliceBucket has no model).
 */
export async function errorSlices(featureId: string, q: Pick<MetricsQuery, "from" | "to" | "phase" | "segment" | "model">) {
  const scope = { featureId, fromMinute: Math.floor(q.from / MINUTE_MS), toMinute: Math.ceil(q.to / MINUTE_MS), phase: q.phase, segment: q.segment };
  const rows = q.model
    ? (await segmentSums({ ...scope, model: q.model }, SLICE_COUNTERS)).map((r) => ({ ...r, inputType: "" }))
    : await sliceSums(scope, SLICE_COUNTERS);
  const by = (key: "segment" | "inputType") => {
    const totals = new Map<string, Record<string, number>>();
    for (const r of rows) {
      const slice = String(r[key]);
      totals.set(slice, addInto(totals.get(slice), r.sums));
    }
    return [...totals.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([slice, n]) => ({
        slice,
        outputs: n.outputs,
        accuracy: rate(n.correct, n.labelled),
        thumbsDownRate: rate(n.thumbsDown, n.thumbsUp + n.thumbsDown),
      }));
  };
  // one model: per segment from the model rollup; per input type there is no model dimension (null)
  return { bySegment: by("segment"), byInputType: q.model ? null : by("inputType") };
}
