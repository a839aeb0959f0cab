import { pgTransaction } from "./pg-sql";
import type { PurgeTables } from "../retention-purge";

// The retention purge's batch on PostgreSQL (lib/data/retention.ts decides what and when): one
// transaction of the pool, rows taken FOR UPDATE SKIP LOCKED.

const q = (name: string) => `"${name}"`;

/** The same batch on PostgreSQL, in one transaction of the pool. */
export function purgeBatchPostgres(featureId: string, cutoff: number, limit: number, tables: PurgeTables): Promise<Record<string, number>> {
  return pgTransaction(async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `SELECT "id" FROM "Output" WHERE "featureId" = $1 AND "at" < $2 ORDER BY "at" LIMIT $3 FOR UPDATE SKIP LOCKED`,
      [featureId, cutoff, limit],
    );
    const ids = rows.map((r) => r.id);
    const deleted: Record<string, number> = {};
    if (ids.length > 0) {
      for (const t of tables.outputKeyed)
        deleted[t] = (await client.query(`DELETE FROM ${q(t)} WHERE "outputId" = ANY($1::text[])`, [ids])).rowCount ?? 0;
      deleted.Output = (await client.query(`DELETE FROM "Output" WHERE "id" = ANY($1::text[])`, [ids])).rowCount ?? 0;
    }
    for (const t of tables.timeKeyed)
      deleted[t] =
        (
          await client.query(
            `DELETE FROM ${q(t)} WHERE "id" IN (SELECT "id" FROM ${q(t)} WHERE "featureId" = $1 AND "at" < $2 LIMIT $3 FOR UPDATE SKIP LOCKED)`,
            [featureId, cutoff, limit],
          )
        ).rowCount ?? 0;
    return deleted;
  });
}
