import type Database from "better-sqlite3";
import { MODEL_KEYS } from "../model-rollup-sql";
import { ModelRollupDeltas } from "../../domain/model-rollup";
import { DELTA_COLUMNS, JUDGE_COLUMNS, SLICE_COLUMNS, SOURCE_COLUMNS, type RollupDeltas } from "../../domain/rollup";
import { incrementTail, multiRowInsert } from "./set-sql";

// The rollups of a batch (or of the bench's generator) on SQLite: each touched row of each rollup
// table upserted once, additively, one call per table.

const BUCKET_KEYS = ["featureId", "phase", "segment", "minute"] as const;
const HOUR_KEYS = ["featureId", "phase", "segment", "hour"] as const;
const SLICE_KEYS = ["featureId", "phase", "segment", "inputType", "hour"] as const;
const SOURCE_KEYS = ["featureId", "phase", "segment", "hour", "source"] as const;

const writers = new WeakMap<Database.Database, (deltas: RollupDeltas) => void>();

// every row in shard 0 (the column's default): one writer at a time here, the shards are PostgreSQL's
const bumper = (conn: Database.Database, table: string, keys: readonly string[], counters: readonly string[]) =>
  multiRowInsert(conn, table, [...keys, ...counters], incrementTail(table, [...keys, "shard"], counters), true);

function prepare(conn: Database.Database) {
  const bucket = bumper(conn, "MetricBucket", BUCKET_KEYS, DELTA_COLUMNS);
  const hour = bumper(conn, "HourBucket", HOUR_KEYS, DELTA_COLUMNS);
  const slice = bumper(conn, "SliceBucket", SLICE_KEYS, SLICE_COLUMNS);
  const source = bumper(conn, "SourceBucket", SOURCE_KEYS, SOURCE_COLUMNS);
  const judge = bumper(conn, "JudgeBucket", HOUR_KEYS, JUDGE_COLUMNS);
  const model = bumper(conn, "ModelBucket", MODEL_KEYS, DELTA_COLUMNS);
  // keeps the earliest sighting: a later or equal one changes nothing
  const firstSeen = multiRowInsert(
    conn,
    "ModelVersion",
    ["featureId", "model", "minute", "phase"],
    `ON CONFLICT ("featureId", "model") DO UPDATE SET "minute" = excluded."minute", "phase" = excluded."phase" WHERE excluded."minute" < "ModelVersion"."minute"`,
    true,
  );
  const of = (delta: Record<string, number>, columns: readonly string[]) => columns.map((c) => delta[c] ?? 0);
  return (deltas: RollupDeltas) => {
    bucket(deltas.nonEmpty().map(({ key, delta }) => [key.featureId, key.phase, key.segment, key.minute, ...of(delta, DELTA_COLUMNS)]));
    hour(deltas.hourly().map(({ key, delta }) => [key.featureId, key.phase, key.segment, key.minute, ...of(delta, DELTA_COLUMNS)]));
    slice(
      deltas
        .nonEmptySlices()
        .map(({ key, delta }) => [key.featureId, key.phase, key.segment, key.inputType, key.hour, ...of(delta, SLICE_COLUMNS)]),
    );
    source(
      deltas
        .nonEmptySources()
        .map(({ key, delta }) => [key.featureId, key.phase, key.segment, key.hour, key.source, ...of(delta, SOURCE_COLUMNS)]),
    );
    judge(deltas.nonEmptyJudge().map(({ key, delta }) => [key.featureId, key.phase, key.segment, key.hour, ...of(delta, JUDGE_COLUMNS)]));
    if (!(deltas instanceof ModelRollupDeltas)) return;
    model(
      deltas
        .modelBuckets()
        .map(({ key, delta }) => [key.featureId, key.model, key.phase, key.segment, key.hour, ...of(delta, DELTA_COLUMNS)]),
    );
    firstSeen(deltas.firstSeen().map((s) => [s.featureId, s.model, s.minute, s.phase]));
  };
}

/** Applies the deltas on `conn`, inside the caller's open transaction. */
export function applyRollupsSqlite(conn: Database.Database, deltas: RollupDeltas): void {
  let write = writers.get(conn);
  if (!write) writers.set(conn, (write = prepare(conn)));
  write(deltas);
}
