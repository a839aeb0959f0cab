import { db, dbReady, Prisma } from "../db";
import { INTERVAL_MINUTES, MINUTE_MS } from "../domain/buckets";
import { BIN_COLUMNS } from "../domain/rollup";
import { figures, shapeBins, shapeSeries, ZERO_COUNTERS, type Counters, type SeriesRow } from "../domain/series";
import { rate } from "../domain/stats";
import type { MetricsQuery } from "../schemas/metrics";
import { bucketSource } from "./rollup-source";
import { ident } from "./sql";

// Dashboard reads: sums over rollup rows only, never raw outputs.

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
  const counters = bucketSource({ ...scope, minutesOnly: q.interval === "minute" }, COUNTERS);
  const all = bucketSource(scope, [...COUNTERS, ...BIN_COLUMNS]);
  const [seriesRows, totalRows] = await Promise.all([
    db.$queryRaw<Record<string, unknown>[]>(
      Prisma.sql`SELECT ("minute" / ${size}) * ${size} AS "start", ${Prisma.join(COUNTERS.map(sum))}
                 FROM (${counters}) AS "b" GROUP BY ("minute" / ${size}) ORDER BY 1`,
    ),
    db.$queryRaw<Record<string, unknown>[]>(Prisma.sql`SELECT ${Prisma.join([...COUNTERS, ...BIN_COLUMNS].map(sum))} FROM (${all}) AS "b"`),
  ]);
  const totals = numeric(totalRows[0] ?? {});
  const bins = shapeBins(totals);
  return {
    from: new Date(q.from).toISOString(),
    to: new Date(q.to).toISOString(),
    interval: q.interval,
    phase: q.phase ?? null,
    segment: q.segment ?? null,
    totals: figures({ ...ZERO_COUNTERS, ...pick(totals) }),
    points: shapeSeries(seriesRows.map((r) => numeric(r) as unknown as SeriesRow), q.from, q.to, q.interval),
    histogram: bins.histogram,
    calibration: bins.calibration,
    ece: bins.ece,
  };
}

function pick(row: Record<string, number>): Counters {
  const out = { ...ZERO_COUNTERS };
  for (const k of COUNTERS) out[k] = row[k] ?? 0;
  return out;
}

export type FeatureMetrics = Awaited<ReturnType<typeof featureMetrics>>;

/** Accuracy and thumbs per segment or per input type, with intervals: where do errors sit? */
export async function errorConcentration(
  featureId: string,
  q: Pick<MetricsQuery, "from" | "to" | "phase" | "segment">,
  by: "segment" | "inputType",
) {
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
  const rows = await db.$queryRaw<Record<string, unknown>[]>(
    Prisma.sql`SELECT ${ident(by)} AS "slice", ${Prisma.join(["outputs", "labelled", "correct", "thumbsUp", "thumbsDown"].map(sum))}
               FROM "SliceBucket" WHERE ${Prisma.join(parts, " AND ")} GROUP BY ${ident(by)} ORDER BY 1`,
  );
  return rows.map((r) => {
    const n = numeric({ ...r, slice: 0 });
    return {
      slice: String(r.slice),
      outputs: n.outputs,
      accuracy: rate(n.correct, n.labelled),
      thumbsDownRate: rate(n.thumbsDown, n.thumbsUp + n.thumbsDown),
    };
  });
}
