import { db } from "../db";
import { INTERVAL_MINUTES, MINUTE_MS } from "../domain/buckets";
import { shapeSeries, ZERO_COUNTERS, type SeriesRow } from "../domain/series";
import type { MetricsQuery } from "../schemas/metrics";
import { featureAdoption } from "./adoption";
import { errorSlices, featureMetrics } from "./metrics";
import { rollupSeries, rollupSlices } from "./rollup-reader";

// Reads for the dashboard pages, from rollups (MetricBucket, SliceBucket) and small config tables.

/**
 * The metrics API's body for one feature and query (the page's first view uses the same shape).
 * Filtered by model, the slices by input type are null: their rollup (SliceBucket) has no model
 * dimension, and unfiltered slices must not pass for the model's.
 */
export async function featureMetricsView(featureKey: string, featureId: string, q: MetricsQuery) {
  const [metrics, slices, adoption] = await Promise.all([
    featureMetrics(featureId, q),
    errorSlices(featureId, q),
    featureAdoption(featureId, q),
  ]);
  return { feature: featureKey, ...metrics, ...slices, adoption };
}

export type MetricsView = Awaited<ReturnType<typeof featureMetricsView>>;

/** Accuracy floor (success criterion) per phase key, null when the phase sets none. */
export async function phaseFloors(featureId: string): Promise<Record<string, number | null>> {
  const rows = await db.phase.findMany({ where: { featureId }, select: { key: true, successCriteria: true } });
  const out: Record<string, number | null> = {};
  for (const r of rows) {
    try {
      const c = JSON.parse(r.successCriteria) as { accuracyMin?: unknown };
      out[r.key] = typeof c.accuracyMin === "number" ? c.accuracyMin : null;
    } catch {
      out[r.key] = null;
    }
  }
  return out;
}

export interface FilterOptions {
  /** phase keys with data in the range */
  phases: string[];
  segments: { key: string; name: string }[];
}

/**
 * Phases and segments that have data in the range, segments with their names. Reads the minute
 * rollup (pre-counted accuracy samples have no slice rows); its primary key covers the query.
 */
export async function filterOptions(featureId: string, from: number, to: number): Promise<FilterOptions> {
  const [rows, named] = await Promise.all([
    rollupSlices({ featureId, fromMinute: Math.floor(from / MINUTE_MS), toMinute: Math.ceil(to / MINUTE_MS) }),
    db.segment.findMany({ select: { key: true, name: true } }),
  ]);
  const names = new Map(named.map((s) => [s.key, s.name]));
  const phases = [...new Set(rows.map((r) => r.phase))];
  const segments = [...new Set(rows.map((r) => r.segment))].sort().map((key) => ({ key, name: names.get(key) ?? key }));
  return { phases, segments };
}

/** Accuracy series of each phase, from one grouped read (for overlaying phases). */
export async function phaseAccuracySeries(featureId: string, q: MetricsQuery) {
  const rows = await rollupSeries(
    {
      featureId,
      fromMinute: Math.floor(q.from / MINUTE_MS),
      toMinute: Math.ceil(q.to / MINUTE_MS),
      segment: q.segment,
      model: q.model,
      minutesOnly: q.interval === "minute",
    },
    ["labelled", "correct"],
    { intervalMinutes: INTERVAL_MINUTES[q.interval], byPhase: true, nonZero: "labelled" },
  );
  const byPhase = new Map<string, SeriesRow[]>();
  for (const r of rows) {
    const list = byPhase.get(r.phase!) ?? [];
    list.push({ ...ZERO_COUNTERS, start: r.start, labelled: r.sums.labelled!, correct: r.sums.correct! });
    byPhase.set(r.phase!, list);
  }
  return [...byPhase].map(([phase, list]) => ({
    phase,
    points: shapeSeries(list, q.from, q.to, q.interval).map((p) => ({ start: p.start, accuracy: p.accuracy })),
  }));
}

export type PhaseAccuracySeries = Awaited<ReturnType<typeof phaseAccuracySeries>>;

/** Alerts not yet resolved, per feature id. */
export async function openAlertCounts(): Promise<Map<string, number>> {
  const rows = await db.alert.groupBy({ by: ["featureId"], where: { status: { not: "resolved" } }, _count: { _all: true } });
  return new Map(rows.map((r) => [r.featureId, r._count._all]));
}
