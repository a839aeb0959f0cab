import { sqlite } from "../../db";
import type { PurgeTables } from "../retention-purge";

// The retention purge's batch on SQLite (lib/data/retention.ts decides what and when): one
// synchronous transaction on the raw connection, run under the process's write lock by the caller.

const q = (name: string) => `"${name}"`;

/** One batch of one feature on SQLite: returns rows deleted per table (nothing left: Output 0). */
export function purgeBatchSqlite(featureId: string, cutoff: number, limit: number, tables: PurgeTables): Record<string, number> {
  const conn = sqlite();
  return conn.transaction(() => {
    const ids = (
      conn.prepare(`SELECT "id" FROM "Output" WHERE "featureId" = ? AND "at" < ? ORDER BY "at" LIMIT ?`).all(featureId, cutoff, limit) as {
        id: string;
      }[]
    ).map((r) => r.id);
    const deleted: Record<string, number> = {};
    if (ids.length > 0) {
      const list = JSON.stringify(ids);
      for (const t of tables.outputKeyed)
        deleted[t] = conn.prepare(`DELETE FROM ${q(t)} WHERE "outputId" IN (SELECT value FROM json_each(?))`).run(list).changes;
      deleted.Output = conn.prepare(`DELETE FROM "Output" WHERE "id" IN (SELECT value FROM json_each(?))`).run(list).changes;
    }
    for (const t of tables.timeKeyed)
      deleted[t] = conn
        .prepare(`DELETE FROM ${q(t)} WHERE "id" IN (SELECT "id" FROM ${q(t)} WHERE "featureId" = ? AND "at" < ? LIMIT ?)`)
        .run(featureId, cutoff, limit).changes;
    return deleted;
  })();
}
