import { engine, guardedWrite } from "../db";
import { purgeBatchPostgres } from "./postgres/retention-purge";
import { purgeBatchSqlite } from "./sqlite/retention-purge";

// The seam of the retention purge (lib/data/retention.ts): one batch of one feature's raw events,
// deleted in one transaction by the engine's own statements.

/** Which tables a batch deletes from: rows of the batch's outputs, and rows with a time of their own. */
export interface PurgeTables {
  outputKeyed: readonly string[];
  timeKeyed: readonly string[];
}

/**
 * Deletes up to `limit` outputs of `featureId` older than `cutoff` with every row keyed by them,
 * and up to `limit` rows of each time-keyed table; rows deleted per table (nothing left: Output 0).
 * On SQLite under the process's write lock, so a waiting ingest batch or pause goes in between.
 */
export function purgeBatch(featureId: string, cutoff: number, limit: number, tables: PurgeTables): Promise<Record<string, number>> {
  return engine() === "postgres"
    ? purgeBatchPostgres(featureId, cutoff, limit, tables)
    : guardedWrite(async () => purgeBatchSqlite(featureId, cutoff, limit, tables));
}
