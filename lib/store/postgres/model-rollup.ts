import type pg from "pg";
import { dbReady } from "../../db";
import { DELTA_COLUMNS } from "../../domain/rollup";
import type { RollupDeltas } from "../../domain/rollup";
import { ModelRollupDeltas } from "../../domain/model-rollup";
import { rebuildModelRows } from "../model-rebuild";
import { pgBumpModelSql, pgEarlierSeenSql, pgFirstSeenSql } from "../model-rollup-sql";
import { pgRows } from "./pg-sql";

// Writes of the model rollup (ModelBucket per model and hour, ModelVersion's first sightings) in
// PostgreSQL's ingest transaction (SQLite's: lib/store/sqlite/rollup-writer.ts), and its rebuild
// from raw rows. The counting itself is
// lib/domain/model-rollup.ts; the SQL is model-rollup-sql.ts.

/** PostgreSQL: a batch's model deltas, one statement per table, rows in key order (as the other rollups: no deadlock between batches). */
export async function applyModelDeltasPostgres(client: pg.PoolClient, deltas: RollupDeltas, shard: number): Promise<void> {
  if (!(deltas instanceof ModelRollupDeltas)) return;
  const rows = deltas
    .modelBuckets()
    .map(({ key, delta }) => [
      key.featureId,
      key.model,
      key.phase,
      key.segment,
      key.hour,
      shard,
      ...DELTA_COLUMNS.map((c) => delta[c] ?? 0),
    ])
    .sort((a, b) => compareKeys([a[0], a[1], a[4], a[2], a[3]], [b[0], b[1], b[4], b[2], b[3]]));
  if (rows.length > 0)
    await pgRows(
      pgBumpModelSql,
      Array.from({ length: rows[0]!.length }, (_, i) => rows.map((r) => r[i])),
      client,
    );
  const seen = deltas.firstSeen().sort((a, b) => compareKeys([a.featureId, a.model], [b.featureId, b.model]));
  if (seen.length > 0) {
    const columns = [seen.map((s) => s.featureId), seen.map((s) => s.model), seen.map((s) => s.minute), seen.map((s) => s.phase)];
    await pgRows(pgFirstSeenSql, columns, client);
    await pgRows(pgEarlierSeenSql, columns, client);
  }
}

function compareKeys(a: unknown[], b: unknown[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (typeof x === "number" && typeof y === "number") return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

/**
 * Rebuilds one feature's model rollup from its raw rows (outputs, labels, feedback, tickets), in
 * one transaction: for writers of raw rows that bypass ingest (the benchmark's generator). The
 * migration that created the tables ran the same statements for every feature.
 */
export async function rebuildModelBuckets(featureId: string): Promise<void> {
  await dbReady();
  await rebuildModelRows(featureId);
}
