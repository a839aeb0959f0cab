import { dbReady, Prisma } from "../db";
import { INTERVAL_MINUTES, MINUTE_MS } from "../domain/buckets";
import { BIN_COLUMNS } from "../domain/rollup";
import { figures, shapeBins, shapeSeries, ZERO_COUNTERS, type Counters, type SeriesRow } from "../domain/series";
import { rate } from "../domain/stats";
import type { MetricsQuery } from "../schemas/metrics";
import { readRows } from "./read-sql";
import { bucketParts } from "./rollup-source";
import { ident } from "./sql";

// Dashboard reads: sums over rollup rows only, never raw outputs (on the raw connection: read-sql.ts).

const COUNTERS = Object.keys(ZERO_COUNTERS) as (keyof Counters)[];
const sum = (c: string) => Prisma.sql`COALESCE(SUM(${ident(c)}), 0) AS ${ident(c)}`;

const numeric = (row: Record<string, unknown>) => {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(row)) out[k] = Number(v ?? 0);
  return out;
};

export async function featureMetrics(featureId: string, q: MetricsQuery) {
  await dbReady();
  const fromMinute = Math.floor(q.from / MINUTE_MS);
  const toMinute = Math.ceil(q.to / MINUTE_MS);
  const size = INTERVAL_MINUTES[q.interval];
  const scope = { featureId, fromMinute, toMinute, phase: q.phase, segment: q.segment };
  // each rollup part aggregated on its own, the parts then added up here
  const byStart = new Map<number, Record<string, number>>();
  for (const p of bucketParts({ ...scope, minutesOnly: q.interval === "minute" })) {
    const bucket = Prisma.sql`(${p.time} / ${size})`;
    for (const row of readRows(Prisma.sql`SELECT ${bucket} * ${size} AS "start", ${Prisma.join(COUNTERS.map(sum))}
                                        FROM ${p.table} WHERE ${p.where} GROUP BY ${bucket}`)) {
      const r = numeric(row);
      byStart.set(r.start, addInto(byStart.get(r.start), r));
    }
  }
  const seriesRows = [...byStart.values()].sort((a, b) => a.start - b.start);
  let totals: Record<string, number> = {};
  for (const p of bucketParts(scope)) {
    totals = addInto(totals, numeric(readRows(Prisma.sql`SELECT ${Prisma.join([...COUNTERS, ...BIN_COLUMNS].map(sum))} FROM ${p.table} WHERE ${p.where}`)[0] ?? {}));
  }
  const bins = shapeBins(totals);
  return {
    from: new Date(q.from).toISOString(),
    to: new Date(q.to).toISOString(),
    interval: q.interval,
    phase: q.phase ?? null,
    segment: q.segment ?? null,
    totals: figures({ ...ZERO_COUNTERS, ...pick(totals) }),
    points: shapeSeries(seriesRows as unknown as SeriesRow[], q.from, q.to, q.interval),
    histogram: bins.histogram,
    calibration: bins.calibration,
    ece: bins.ece,
  };
}

/** Adds a row's numbers into an accumulator (a new one when there is none). */
function addInto(acc: Record<string, number> | undefined, row: Record<string, number>): Record<string, number> {
  if (!acc) return { ...row };
  for (const [k, v] of Object.entries(row)) acc[k] = k === "start" ? v : (acc[k] ?? 0) + v;
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
 * pass over the hourly slice rollups (grouped by both), then summed each way here.
 */
export async function errorSlices(featureId: string, q: Pick<MetricsQuery, "from" | "to" | "phase" | "segment">) {
  await dbReady();
  const fromHour = Math.floor(q.from / MINUTE_MS / 60) * 60;
  const toMinute = Math.ceil(q.to / MINUTE_MS);
  const parts = [
    Prisma.sql`"featureId" = ${featureId}`,
    Prisma.sql`"hour" >= ${fromHour}`,
    Prisma.sql`"hour" < ${toMinute}`,
  ];
  if (q.phase) parts.push(Prisma.sql`"phase" = ${q.phase}`);
  if (q.segment) parts.push(Prisma.sql`"segment" = ${q.segment}`);
  const rows = readRows(
    Prisma.sql`SELECT "segment", "inputType", ${Prisma.join(SLICE_COUNTERS.map(sum))}
               FROM "SliceBucket" WHERE ${Prisma.join(parts, " AND ")} GROUP BY "segment", "inputType"`,
  );
  const by = (key: "segment" | "inputType") => {
    const totals = new Map<string, Record<string, number>>();
    for (const r of rows) {
      const slice = String(r[key]);
      totals.set(slice, addInto(totals.get(slice), numeric(Object.fromEntries(SLICE_COUNTERS.map((c) => [c, r[c]])))));
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
  return { bySegment: by("segment"), byInputType: by("inputType") };
}
