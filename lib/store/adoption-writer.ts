import { dbReady, engine, guardedWrite, sqlite } from "../db";
import type { AdoptionDeltas } from "../domain/adoption";
import { applyAdoptionPostgres } from "./postgres/adoption-writer";
import { pgTransaction } from "./postgres/pg-sql";
import { applyAdoptionSqlite } from "./sqlite/adoption-writer";

// The seam of adoption's day rows (AdoptionDay) for changes counted outside an ingest batch: the
// decision path's counts (lib/decision/decision-counts.ts). Ingest merges its own in its transaction.

/** Merges adoption deltas into the day rows, in one transaction of the engine's own statements. */
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
