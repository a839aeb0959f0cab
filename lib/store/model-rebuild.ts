import { engine } from "../db";
import { rebuildModelRowsPostgres } from "./postgres/model-rebuild";
import { rebuildModelRowsSqlite } from "./sqlite/model-rebuild";

// The seam of the model rollup's rebuild (lib/store/postgres/model-rollup.ts): ModelBucket and ModelVersion
// of one feature deleted and counted again from the raw rows by the statements of
// lib/store/model-rollup-sql.ts, in one transaction.

export async function rebuildModelRows(featureId: string): Promise<void> {
  if (engine() === "postgres") await rebuildModelRowsPostgres(featureId);
  else rebuildModelRowsSqlite(featureId);
}
