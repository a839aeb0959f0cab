import { modelBackfillSql } from "../model-rollup-sql";
import { pgTransaction } from "./pg-sql";

/** PostgreSQL: one feature's model rollup rebuilt from its raw rows, in one transaction of the pool. */
export async function rebuildModelRowsPostgres(featureId: string): Promise<void> {
  await pgTransaction(async (client) => {
    await client.query(`DELETE FROM "ModelBucket" WHERE "featureId" = $1`, [featureId]);
    await client.query(`DELETE FROM "ModelVersion" WHERE "featureId" = $1`, [featureId]);
    for (const text of modelBackfillSql("postgres", "feature")) await client.query(text, [featureId]);
  });
}
