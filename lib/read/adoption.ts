import { db, dbReady, Prisma } from "../db";
import { adoptionBySegment, dayOf, type AdoptionRow, type SegmentAdoption } from "../domain/adoption";
import type { MetricsQuery } from "../schemas/metrics";
import { readRows } from "../store/raw-sql";

// Feature adoption by segment (issue 27): the day rows (AdoptionDay) that ingest and the decision
// counts' flush merge into, and the metrics API's figures over a range — whole UTC days, the
// sketches of the range's days united (a unit seen on several days counts once).

const COLUMNS = `"featureId", "phase", "segment", "day", "units", "outputs", "shown", "feedback", "decisionsAi", "decisionsFallback", "decisionsOutside"`;

async function dayRows(featureId: string, fromDay: number, toDay: number, phase?: string, segment?: string): Promise<AdoptionRow[]> {
  await dbReady();
  type Raw = Omit<AdoptionRow, "units"> & { units: Uint8Array | null };
  const rows = await readRows<Raw>(
    Prisma.sql`SELECT ${Prisma.raw(COLUMNS)} FROM "AdoptionDay" WHERE "featureId" = ${featureId} AND "day" >= ${fromDay} AND "day" <= ${toDay}${
      phase == null ? Prisma.empty : Prisma.sql` AND "phase" = ${phase}`
    }${segment == null ? Prisma.empty : Prisma.sql` AND "segment" = ${segment}`}`,
  );
  return rows.map((r) => ({ ...r, day: Number(r.day), units: r.units ? new Uint8Array(r.units) : null }));
}

export interface FeatureAdoption {
  /** the UTC days read: every day the range touches */
  fromDay: string;
  toDay: string;
  bySegment: SegmentAdoption[];
}

/**
 * Adoption per segment over the query's range and phase (and segment, when filtered). Null for one
 * model: the day rows have no model dimension, and the feature's figures must not pass for the model's.
 */
export async function featureAdoption(
  featureId: string,
  q: Pick<MetricsQuery, "from" | "to" | "phase" | "segment" | "model">,
): Promise<FeatureAdoption | null> {
  if (q.model) return null;
  const fromDay = dayOf(q.from);
  const toDay = dayOf(Math.max(q.from, q.to - 1));
  const rows = await dayRows(featureId, fromDay, toDay, q.phase, q.segment);
  const iso = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
  return { fromDay: iso(fromDay), toDay: iso(toDay), bySegment: adoptionBySegment(rows) };
}

/** For tests and the demo: the stored day rows of a feature (on PostgreSQL, a day may have a row per rollup shard). */
export const adoptionDays = (featureId: string) =>
  db.adoptionDay.findMany({ where: { featureId }, orderBy: [{ day: "asc" }, { phase: "asc" }, { segment: "asc" }] });
