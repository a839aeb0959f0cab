import type Database from "better-sqlite3";
import { ADOPTION_COUNTERS, mergedUnits, type AdoptionDeltas } from "../../domain/adoption";
import { q } from "./set-sql";

// Adoption day rows on SQLite, inside the caller's IMMEDIATE transaction (which holds the database's
// write lock across processes): each touched row's stored sketch is read, merged with the change in
// JS and written back with the counters added — a sketch cannot be merged by SQL.

const KEYS = ["featureId", "day", "phase", "segment"] as const;
const COLUMNS = [...KEYS, "units", ...ADOPTION_COUNTERS];

function prepare(conn: Database.Database) {
  // shard 0 only (the column's default): the shards are PostgreSQL's concurrent writers'
  const read = conn.prepare(
    `SELECT "units" FROM "AdoptionDay" WHERE "featureId" = ? AND "day" = ? AND "phase" = ? AND "segment" = ? AND "shard" = 0`,
  );
  const upsert = conn.prepare(
    `INSERT INTO "AdoptionDay" (${COLUMNS.map(q).join(", ")}) VALUES (${COLUMNS.map(() => "?").join(", ")})
     ON CONFLICT (${[...KEYS, "shard"].map(q).join(", ")}) DO UPDATE SET "units" = COALESCE(excluded."units", "AdoptionDay"."units"), ${ADOPTION_COUNTERS.map((c) => `${q(c)} = "AdoptionDay".${q(c)} + excluded.${q(c)}`).join(", ")}`,
  );
  return (deltas: AdoptionDeltas) => {
    for (const { key, units, counts } of deltas.list()) {
      const stored = units ? (read.get(key.featureId, key.day, key.phase, key.segment) as { units: Buffer | null } | undefined) : undefined;
      const merged = units ? mergedUnits(stored?.units ?? null, units) : null;
      // without new units the stored sketch stays: COALESCE keeps it
      upsert.run(
        key.featureId,
        key.day,
        key.phase,
        key.segment,
        merged ? Buffer.from(merged) : null,
        ...ADOPTION_COUNTERS.map((c) => counts[c]),
      );
    }
  };
}

const writers = new WeakMap<Database.Database, (deltas: AdoptionDeltas) => void>();

/** Merges the changes into the day rows, in the caller's open transaction. */
export function applyAdoptionSqlite(conn: Database.Database, deltas: AdoptionDeltas): void {
  if (deltas.size === 0) return;
  let write = writers.get(conn);
  if (!write) writers.set(conn, (write = prepare(conn)));
  write(deltas);
}
