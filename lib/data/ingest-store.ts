import type Database from "better-sqlite3";
import { DELTA_COLUMNS, JUDGE_COLUMNS, SLICE_COLUMNS, SOURCE_COLUMNS, type RollupDeltas } from "../domain/rollup";
import { applyModelDeltas } from "./model-rollup";

// Prepared statements of the ingest write path, on the raw SQLite connection. Plain, portable
// SQL (ON CONFLICT, double-quoted identifiers): a PostgreSQL store would run the same text.

const q = (name: string) => `"${name}"`;

function insertSql(table: string, columns: readonly string[], conflict: string): string {
  return `INSERT INTO ${q(table)} (${columns.map(q).join(", ")}) VALUES (${columns.map(() => "?").join(", ")}) ${conflict}`;
}

const OUTPUT_COLUMNS = ["id", "featureId", "clientId", "phase", "segment", "unit", "confidence", "shown", "presentation",
  "inputType", "model", "input", "output", "review", "at", "minute", "receivedAt"] as const;
const TICKET_COLUMNS = ["id", "featureId", "outputId", "phase", "segment", "severity", "subject", "at", "minute", "receivedAt"] as const;
const SAMPLE_COLUMNS = ["id", "featureId", "phase", "segment", "correct", "total", "at", "minute", "receivedAt"] as const;
const LABEL_COLUMNS = ["outputId", "source", "correct", "featureId", "reviewer", "at", "receivedAt"] as const;
const PENDING_COLUMNS = ["outputId", "featureId", "at", "phase", "segment", "inputType", "confidence", "flags", "priority"] as const;
const FEEDBACK_COLUMNS = ["outputId", "featureId", "value", "comment", "at", "receivedAt"] as const;
const BUCKET_KEYS = ["featureId", "phase", "segment", "minute"] as const;
const SLICE_KEYS = ["featureId", "phase", "segment", "inputType", "hour"] as const;

function incrementSql(table: string, keys: readonly string[], counters: readonly string[]): string {
  const set = counters.map((c) => `${q(c)} = ${q(table)}.${q(c)} + excluded.${q(c)}`).join(", ");
  return insertSql(table, [...keys, ...counters], `ON CONFLICT (${keys.map(q).join(", ")}) DO UPDATE SET ${set}`);
}

function replaceSql(table: string, columns: readonly string[], keys: readonly string[]): string {
  const set = columns.filter((c) => !keys.includes(c)).map((c) => `${q(c)} = excluded.${q(c)}`).join(", ");
  return insertSql(table, columns, `ON CONFLICT (${keys.map(q).join(", ")}) DO UPDATE SET ${set}`);
}

export interface StoredOutput {
  id: string;
  featureId: string;
  phase: string;
  segment: string;
  minute: number;
  confidence: number;
  inputType: string | null;
  model: string | null;
  /** 1 when the output was flagged for human review */
  review: number;
  at: number;
}

/** A waiting item of the review queue (lib/domain/queue-priority.ts for flags and priority). */
export interface PendingRow {
  outputId: string;
  featureId: string;
  at: number;
  phase: string;
  segment: string;
  inputType: string | null;
  confidence: number;
  flags: number;
  priority: number;
}

export type IngestStore = ReturnType<typeof prepare>;

const stores = new WeakMap<Database.Database, IngestStore>();

/** The statements, prepared once per connection. */
export function ingestStore(conn: Database.Database): IngestStore {
  let store = stores.get(conn);
  if (!store) {
    store = prepare(conn);
    stores.set(conn, store);
  }
  return store;
}

function prepare(conn: Database.Database) {
  const insertOutput = conn.prepare(insertSql("Output", OUTPUT_COLUMNS, "ON CONFLICT DO NOTHING"));
  const insertTicket = conn.prepare(insertSql("TicketMention", TICKET_COLUMNS, "ON CONFLICT DO NOTHING"));
  const insertSample = conn.prepare(insertSql("AccuracySample", SAMPLE_COLUMNS, "ON CONFLICT DO NOTHING"));
  const upsertLabel = conn.prepare(replaceSql("Label", LABEL_COLUMNS, ["outputId", "source"]));
  const upsertFeedback = conn.prepare(replaceSql("Feedback", FEEDBACK_COLUMNS, ["outputId"]));
  const insertPending = conn.prepare(insertSql("ReviewPending", PENDING_COLUMNS, "ON CONFLICT DO NOTHING"));
  const selectPending = conn.prepare(`SELECT ${PENDING_COLUMNS.map(q).join(", ")} FROM "ReviewPending" WHERE "outputId" = ?`);
  const updatePendingFlags = conn.prepare(`UPDATE "ReviewPending" SET "flags" = ?, "priority" = ? WHERE "outputId" = ?`);
  const selectReviewVerdict = conn.prepare(`SELECT "outputId", "featureId", "at", "waitMs" FROM "ReviewVerdict" WHERE "outputId" = ?`);
  const deleteReviewVerdict = conn.prepare(`DELETE FROM "ReviewVerdict" WHERE "outputId" = ?`);
  const selectLabel = conn.prepare(`SELECT "source", "correct", "reviewer", "at", "receivedAt" FROM "Label" WHERE "outputId" = ? AND "source" = ?`);
  const deleteLabel = conn.prepare(`DELETE FROM "Label" WHERE "outputId" = ? AND "source" = ?`);
  const deletePending = conn.prepare(`DELETE FROM "ReviewPending" WHERE "outputId" = ?`);
  const upsertReviewVerdict = conn.prepare(replaceSql("ReviewVerdict", ["outputId", "featureId", "at", "waitMs"], ["outputId"]));
  const selectOutput = conn.prepare(
    `SELECT "id", "featureId", "phase", "segment", "minute", "confidence", "inputType", "model", "review", "at" FROM "Output" WHERE "id" = ?`,
  );
  const selectLabels = conn.prepare(`SELECT "source", "correct", "at" FROM "Label" WHERE "outputId" = ?`);
  const selectFeedback = conn.prepare(`SELECT "value", "comment", "at" FROM "Feedback" WHERE "outputId" = ?`);
  const bumpBucket = conn.prepare(incrementSql("MetricBucket", BUCKET_KEYS, DELTA_COLUMNS));
  const bumpHour = conn.prepare(incrementSql("HourBucket", ["featureId", "phase", "segment", "hour"], DELTA_COLUMNS));
  const bumpSlice = conn.prepare(incrementSql("SliceBucket", SLICE_KEYS, SLICE_COLUMNS));
  const bumpSource = conn.prepare(incrementSql("SourceBucket", ["featureId", "phase", "segment", "hour", "source"], SOURCE_COLUMNS));
  const bumpJudge = conn.prepare(incrementSql("JudgeBucket", ["featureId", "phase", "segment", "hour"], JUDGE_COLUMNS));
  const bool = (b: boolean) => (b ? 1 : 0);
  // better-sqlite3 prepares BEGIN/COMMIT when a transaction function is made: make it once.
  const inTransaction = conn.transaction((fn: () => unknown) => fn());

  return {
    /** Runs fn in one IMMEDIATE transaction: all of it commits, or none of it. */
    transaction<T>(fn: () => T): T {
      return inTransaction.immediate(fn) as T;
    },
    /** true when the row was new, false when its id was already stored */
    insertOutput: (row: unknown[]) => insertOutput.run(row.map((v) => (typeof v === "boolean" ? bool(v) : v))).changes === 1,
    insertTicket: (row: unknown[]) => insertTicket.run(row).changes === 1,
    insertSample: (row: unknown[]) => insertSample.run(row).changes === 1,
    upsertLabel: (row: unknown[]) => upsertLabel.run(row.map((v) => (typeof v === "boolean" ? bool(v) : v))),
    upsertFeedback: (row: unknown[]) => upsertFeedback.run(row),
    /** a flagged output joins the review queue; a human or ground-truth label takes it out */
    enqueueReview: (row: PendingRow) => insertPending.run(PENDING_COLUMNS.map((c) => row[c])),
    dequeueReview: (outputId: string) => deletePending.run(outputId),
    pending: (outputId: string) => selectPending.get(outputId) as PendingRow | undefined,
    setPendingFlags: (outputId: string, flags: number, priority: number) => updatePendingFlags.run(flags, priority, outputId),
    reviewVerdict: (outputId: string) => selectReviewVerdict.get(outputId) as { outputId: string; featureId: string; at: number; waitMs: number } | undefined,
    deleteReviewVerdict: (outputId: string) => deleteReviewVerdict.run(outputId),
    label: (outputId: string, source: string) =>
      selectLabel.get(outputId, source) as { source: string; correct: number; reviewer: string | null; at: number; receivedAt: number } | undefined,
    deleteLabel: (outputId: string, source: string) => deleteLabel.run(outputId, source),
    /** a human verdict on an output flagged for review: feeds the review latency figures */
    upsertReviewVerdict: (outputId: string, featureId: string, at: number, waitMs: number) => upsertReviewVerdict.run([outputId, featureId, at, waitMs]),
    output: (id: string) => selectOutput.get(id) as StoredOutput | undefined,
    labels: (outputId: string) =>
      (selectLabels.all(outputId) as { source: string; correct: number; at: number | bigint }[]).map((l) => ({ source: l.source, correct: l.correct === 1, at: Number(l.at) })),
    feedback: (outputId: string) => {
      const row = selectFeedback.get(outputId) as { value: string; comment: string | null; at: number | bigint } | undefined;
      return row && { value: row.value, comment: row.comment, at: Number(row.at) };
    },
    applyDeltas(deltas: RollupDeltas) {
      for (const { key, delta } of deltas.nonEmpty()) {
        bumpBucket.run(key.featureId, key.phase, key.segment, key.minute, ...DELTA_COLUMNS.map((c) => delta[c] ?? 0));
      }
      for (const { key, delta } of deltas.hourly()) {
        bumpHour.run(key.featureId, key.phase, key.segment, key.minute, ...DELTA_COLUMNS.map((c) => delta[c] ?? 0));
      }
      for (const { key, delta } of deltas.nonEmptySlices()) {
        bumpSlice.run(key.featureId, key.phase, key.segment, key.inputType, key.hour, ...SLICE_COLUMNS.map((c) => delta[c] ?? 0));
      }
      for (const { key, delta } of deltas.nonEmptySources()) {
        bumpSource.run(key.featureId, key.phase, key.segment, key.hour, key.source, ...SOURCE_COLUMNS.map((c) => delta[c] ?? 0));
      }
      for (const { key, delta } of deltas.nonEmptyJudge()) {
        bumpJudge.run(key.featureId, key.phase, key.segment, key.hour, ...JUDGE_COLUMNS.map((c) => delta[c] ?? 0));
      }
      applyModelDeltas(conn, deltas); // ModelBucket, ModelVersion: when the deltas carry models
    },
  };
}
