import type pg from "pg";
import { applyModelDeltasPostgres } from "./model-rollup";
import { pgRows } from "./pg-sql";
import { USAGE_FLOAT_COLUMNS } from "../../domain/latency";
import { DELTA_COLUMNS, JUDGE_COLUMNS, SLICE_COLUMNS, SOURCE_COLUMNS, type RollupDeltas } from "../../domain/rollup";
import { columnsOf, incrementTail, unnestInsert, type Columns, type PgType } from "./set-sql";

// The rollups of a batch on PostgreSQL: one statement per rollup table, each touched row once, in
// key order. Each key has up to ROLLUP_SHARDS rows (the "shard" column, issue 24): a transaction
// adds its deltas to a shard no other open transaction holds (a transaction-scoped advisory lock
// per shard, the lowest free one), so concurrent writers of the same minute upsert different rows
// instead of waiting for each other's commit; readers SUM over the rows of a key, as they always
// did over minutes. A lone writer always takes shard 0 (SQLite's only shard). With more writers
// than shards in flight the next one waits for a shard's holder to commit.

const deltaType = (c: string): PgType =>
  /^s\d\d$/.test(c) || c === "confidenceSum" || c === "labelledConfidenceSum" || USAGE_FLOAT_COLUMNS.includes(c) ? "float8" : "int4";
const keyed = (keys: Columns, counters: readonly string[], type: (c: string) => PgType = () => "int4"): Columns => [
  ...keys,
  ...counters.map((c) => [c, type(c)] as const),
];
const SHARD = ["shard", "int4"] as const;
const BUCKET_KEYS: Columns = [["featureId", "text"], ["phase", "text"], ["segment", "text"], ["minute", "int4"], SHARD];
const HOUR_KEYS: Columns = [["featureId", "text"], ["phase", "text"], ["segment", "text"], ["hour", "int4"], SHARD];
const SLICE_KEYS: Columns = [["featureId", "text"], ["phase", "text"], ["segment", "text"], ["inputType", "text"], ["hour", "int4"], SHARD];
const SOURCE_KEYS: Columns = [["featureId", "text"], ["phase", "text"], ["segment", "text"], ["hour", "int4"], ["source", "text"], SHARD];
const BUCKET_COLUMNS = keyed(BUCKET_KEYS, DELTA_COLUMNS, deltaType);
const HOUR_COLUMNS = keyed(HOUR_KEYS, DELTA_COLUMNS, deltaType);
const SLICE_BUCKET_COLUMNS = keyed(SLICE_KEYS, SLICE_COLUMNS);
const SOURCE_BUCKET_COLUMNS = keyed(SOURCE_KEYS, SOURCE_COLUMNS);
const JUDGE_BUCKET_COLUMNS = keyed(HOUR_KEYS, JUDGE_COLUMNS);

const SQL = {
  buckets: unnestInsert("MetricBucket", BUCKET_COLUMNS, incrementTail("MetricBucket", BUCKET_KEYS, DELTA_COLUMNS)),
  hours: unnestInsert("HourBucket", HOUR_COLUMNS, incrementTail("HourBucket", HOUR_KEYS, DELTA_COLUMNS)),
  slices: unnestInsert("SliceBucket", SLICE_BUCKET_COLUMNS, incrementTail("SliceBucket", SLICE_KEYS, SLICE_COLUMNS)),
  sources: unnestInsert("SourceBucket", SOURCE_BUCKET_COLUMNS, incrementTail("SourceBucket", SOURCE_KEYS, SOURCE_COLUMNS)),
  judge: unnestInsert("JudgeBucket", JUDGE_BUCKET_COLUMNS, incrementTail("JudgeBucket", HOUR_KEYS, JUDGE_COLUMNS)),
};

/** Rows per rollup key: at most this many transactions add to one key's rows without waiting. */
export const ROLLUP_SHARDS = 8;
const SHARD_LOCK_CLASS = 24_005; // the first key of the two-key advisory locks (a key space of its own)
const CLAIM_SHARD = `SELECT s FROM generate_series(0, ${ROLLUP_SHARDS - 1}) s WHERE pg_try_advisory_xact_lock(${SHARD_LOCK_CLASS}, s) LIMIT 1`;

/**
 * The rollup shard of the client's open transaction: the lowest one no other open transaction
 * holds, held until this one ends (advisory locks are re-entrant: asked again, the same
 * transaction gets a shard it holds). When all are taken, waits for a random one.
 */
export async function rollupShard(client: pg.PoolClient): Promise<number> {
  const [free] = await pgRows<{ s: number }>(CLAIM_SHARD, [], client);
  if (free) return Number(free.s);
  const shard = Math.floor(Math.random() * ROLLUP_SHARDS);
  await pgRows(`SELECT pg_advisory_xact_lock(${SHARD_LOCK_CLASS}, $1::int4)`, [shard], client);
  return shard;
}

/** Applies the deltas in the client's open transaction, to the rows of the transaction's shard. */
export async function applyDeltasPostgres(client: pg.PoolClient, deltas: RollupDeltas): Promise<void> {
  const shard = await rollupShard(client);
  const pad = (v: unknown) => (typeof v === "number" ? String(v).padStart(12, "0") : String(v));
  // rows sorted by their primary key, whatever the column order of the insert
  const ordered = (rows: unknown[][], keyIdx: number[]) =>
    rows
      .map((r) => [keyIdx.map((i) => pad(r[i])).join("\u0000"), r] as const)
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([, r]) => r);
  const run = async (text: string, rows: unknown[][], width: number) => {
    if (rows.length > 0) await pgRows(text, columnsOf(rows, width), client);
  };
  const fourKey = (k: { featureId: string; phase: string; segment: string }, t: number) => [k.featureId, k.phase, k.segment, t, shard];
  const buckets = deltas.nonEmpty().map(({ key, delta }) => [...fourKey(key, key.minute), ...DELTA_COLUMNS.map((c) => delta[c] ?? 0)]);
  const hours = deltas.hourly().map(({ key, delta }) => [...fourKey(key, key.minute), ...DELTA_COLUMNS.map((c) => delta[c] ?? 0)]);
  const slices = deltas
    .nonEmptySlices()
    .map(({ key, delta }) => [
      key.featureId,
      key.phase,
      key.segment,
      key.inputType,
      key.hour,
      shard,
      ...SLICE_COLUMNS.map((c) => delta[c] ?? 0),
    ]);
  const sources = deltas
    .nonEmptySources()
    .map(({ key, delta }) => [
      key.featureId,
      key.phase,
      key.segment,
      key.hour,
      key.source,
      shard,
      ...SOURCE_COLUMNS.map((c) => delta[c] ?? 0),
    ]);
  const judge = deltas.nonEmptyJudge().map(({ key, delta }) => [...fourKey(key, key.hour), ...JUDGE_COLUMNS.map((c) => delta[c] ?? 0)]);
  await run(SQL.buckets, ordered(buckets, [0, 3, 1, 2]), BUCKET_COLUMNS.length);
  await run(SQL.hours, ordered(hours, [0, 3, 1, 2]), HOUR_COLUMNS.length);
  await run(SQL.slices, ordered(slices, [0, 4, 1, 2, 3]), SLICE_BUCKET_COLUMNS.length);
  await run(SQL.sources, ordered(sources, [0, 3, 1, 2, 4]), SOURCE_BUCKET_COLUMNS.length);
  await run(SQL.judge, ordered(judge, [0, 3, 1, 2]), JUDGE_BUCKET_COLUMNS.length);
  await applyModelDeltasPostgres(client, deltas, shard); // ModelBucket, ModelVersion: when the deltas carry models
}
