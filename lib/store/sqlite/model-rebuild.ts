import { sqlite } from "../../db";
import { modelBackfillSql } from "../model-rollup-sql";

/** SQLite: one feature's model rollup rebuilt from its raw rows, in one immediate transaction of the raw connection. */
export function rebuildModelRowsSqlite(featureId: string): void {
  const conn = sqlite();
  conn
    .transaction(() => {
      conn.prepare(`DELETE FROM "ModelBucket" WHERE "featureId" = ?`).run(featureId);
      conn.prepare(`DELETE FROM "ModelVersion" WHERE "featureId" = ?`).run(featureId);
      for (const text of modelBackfillSql("sqlite", "feature")) {
        const params = text.split("?").length - 1;
        conn.prepare(text).run(...Array.from({ length: params }, () => featureId));
      }
    })
    .immediate();
}
