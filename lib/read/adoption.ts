import type Database from "better-sqlite3";
import { db, dbReady, engine, guardedWrite, pool, sqlite } from "../db";
import { adoptionBySegment, dayOf, type AdoptionDeltas, type AdoptionRow, type SegmentAdoption } from "../domain/adoption";
import type { MetricsQuery } from "../schemas/metrics";
import { applyAdoptionPostgres } from "../store/postgres/adoption-writer";
import { applyAdoptionSqlite } from "../store/sqlite/adoption-writer";
import { pgRows, pgTransaction } from "../store/postgres/pg-sql";

// Feature adoption by segment (issue 27): the day rows (AdoptionDay) that ingest and the decision
// counts' flush merge into, and the metrics API's figures over a range — whole UTC days, the
// sketches of the range's days united (a unit seen on several days counts once).

/** Merges changes counted outside an ingest batch (the decision path's) into the day rows, in one transaction. */
export async function writeAdoption(deltas: AdoptionDeltas): Promise<void> {
  if (deltas.size === 0) return;
  await dbReady();
  if (engine() === "postgres") {
    await pgTransaction((client) => applyAdoptionPostgres(client, deltas));
    return;
  }
  await guardedWrite(async () => {
    const conn = sqlite();
    conn.transaction(() => applyAdoptionSqlite(conn, deltas)).immediate();
  });
}

const COLUMNS = `"featureId", "phase", "segment", "day", "units", "outputs", "shown", "feedback", "decisionsAi", "decisionsFallback", "decisionsOutside"`;

const reads = new WeakMap<Database.Database, Database.Statement>();
function readStatement(conn: Database.Database): Database.Statement {
  let statement = reads.get(conn);
  if (!statement) {
    statement = conn.prepare(
      `SELECT ${COLUMNS} FROM "AdoptionDay" WHERE "featureId" = ? AND "day" >= ? AND "day" <= ? AND (? IS NULL OR "phase" = ?) AND (? IS NULL OR "segment" = ?)`,
    );
    reads.set(conn, statement);
  }
  return statement;
}

async function dayRows(featureId: string, fromDay: number, toDay: number, phase?: string, segment?: string): Promise<AdoptionRow[]> {
  await dbReady();
  type Raw = Omit<AdoptionRow, "units"> & { units: Uint8Array | null };
  let rows: Raw[];
  if (engine() === "postgres") {
    rows = await pgRows<Raw>(
      `SELECT ${COLUMNS} FROM "AdoptionDay" WHERE "featureId" = $1 AND "day" >= $2 AND "day" <= $3 AND ($4::text IS NULL OR "phase" = $4) AND ($5::text IS NULL OR "segment" = $5)`,
      [featureId, fromDay, toDay, phase ?? null, segment ?? null],
      pool(),
    );
  } else {
    rows = readStatement(sqlite()).all(featureId, fromDay, toDay, phase ?? null, phase ?? null, segment ?? null, segment ?? null) as Raw[];
  }
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
