import type pg from "pg";
import { minuteOf } from "../domain/buckets";
import { isShown, presentationOf } from "../domain/presentation";
import { entryFlags, flagsOf, queuePriority, QUEUE_REASON_BITS, type QueueReason } from "../domain/queue-priority";
import { DELTA_COLUMNS, JUDGE_COLUMNS, RollupDeltas, SLICE_COLUMNS, SOURCE_COLUMNS, type BucketKey, type LabelSource } from "../domain/rollup";
import { sampledForReview } from "../domain/targeting";
import type { AccuracyEvent, FeedbackEvent, LabelEvent, OutputEvent, Rejection, TicketEvent } from "../schemas/events";
import { pool } from "../db";
import type { FeatureConfig } from "./features";
import type { PendingRow } from "./ingest-store";
import { pgRows, pgTransaction } from "./pg-sql";
import { CandidateChanges, refreshWorstCandidatesPostgres } from "./worst-candidates";
import { ModelRollupDeltas, type ModelKeyed } from "../domain/model-rollup";
import { applyModelDeltasPostgres } from "./model-rollup";

// The ingest write path on PostgreSQL: one transaction per batch, and one statement per table and
// batch instead of one per row — multi-row inserts (unnest of typed arrays, so the statement text
// and its prepared plan do not depend on the batch size) with ON CONFLICT DO NOTHING RETURNING the
// ids that were new, and each touched rollup row upserted once with an additive ON CONFLICT DO
// UPDATE. Several instances may write the same features at once: the primary keys decide which
// copy of an event counts, the rows a label, thumb or ticket changes are locked (FOR UPDATE) before
// their previous state is read, and rows are written in key order so that two batches wait for each
// other rather than deadlock (a deadlock that still happens retries the whole batch). The rules per
// event are the SQLite path's (lib/data/ingest.ts), applied to the batch in memory.

type Indexed<E> = { index: number; event: E; feature: FeatureConfig };
export interface PostgresBatch {
  output: Indexed<OutputEvent>[];
  label: Indexed<LabelEvent>[];
  accuracy: Indexed<AccuracyEvent>[];
  feedback: Indexed<FeedbackEvent>[];
  ticket: Indexed<TicketEvent>[];
}

const internalId = (featureId: string, clientId: string) => `${featureId}:${clientId}`;
const q = (name: string) => `"${name}"`;

type PgType = "text" | "float8" | "bool" | "int8" | "int4";
type Columns = readonly (readonly [string, PgType])[];

/** INSERT … SELECT FROM unnest($1::t1[], $2::t2[], …): one statement for any number of rows. */
function unnestInsert(table: string, columns: Columns, tail: string): string {
  const names = columns.map(([c]) => q(c)).join(", ");
  const arrays = columns.map(([, t], i) => `$${i + 1}::${t}[]`).join(", ");
  return `INSERT INTO ${q(table)} (${names}) SELECT * FROM unnest(${arrays}) ${tail}`;
}

/** The rows as one array per column. */
const columnsOf = (rows: unknown[][], width: number) => Array.from({ length: width }, (_, i) => rows.map((r) => r[i]));

const OUTPUT_COLUMNS = [
  ["id", "text"],
  ["featureId", "text"],
  ["clientId", "text"],
  ["phase", "text"],
  ["segment", "text"],
  ["unit", "text"],
  ["confidence", "float8"],
  ["shown", "bool"],
  ["presentation", "text"],
  ["inputType", "text"],
  ["model", "text"],
  ["input", "text"],
  ["output", "text"],
  ["review", "bool"],
  ["at", "int8"],
  ["minute", "int4"],
  ["receivedAt", "int8"],
] as const;
const TICKET_COLUMNS = [
  ["id", "text"],
  ["featureId", "text"],
  ["outputId", "text"],
  ["phase", "text"],
  ["segment", "text"],
  ["severity", "text"],
  ["subject", "text"],
  ["at", "int8"],
  ["minute", "int4"],
  ["receivedAt", "int8"],
] as const;
const SAMPLE_COLUMNS = [
  ["id", "text"],
  ["featureId", "text"],
  ["phase", "text"],
  ["segment", "text"],
  ["correct", "int4"],
  ["total", "int4"],
  ["at", "int8"],
  ["minute", "int4"],
  ["receivedAt", "int8"],
] as const;
const LABEL_COLUMNS = [
  ["outputId", "text"],
  ["source", "text"],
  ["correct", "bool"],
  ["featureId", "text"],
  ["reviewer", "text"],
  ["at", "int8"],
  ["receivedAt", "int8"],
] as const;
const FEEDBACK_COLUMNS = [
  ["outputId", "text"],
  ["featureId", "text"],
  ["value", "text"],
  ["comment", "text"],
  ["at", "int8"],
  ["receivedAt", "int8"],
] as const;
const PENDING_COLUMNS = [
  ["outputId", "text"],
  ["featureId", "text"],
  ["at", "int8"],
  ["phase", "text"],
  ["segment", "text"],
  ["inputType", "text"],
  ["confidence", "float8"],
  ["flags", "int4"],
  ["priority", "int8"],
] as const;
const VERDICT_COLUMNS = [
  ["outputId", "text"],
  ["featureId", "text"],
  ["at", "int8"],
  ["waitMs", "int8"],
] as const;

const replace = (keys: string[], columns: Columns) =>
  `ON CONFLICT (${keys.map(q).join(", ")}) DO UPDATE SET ${columns
    .filter(([c]) => !keys.includes(c))
    .map(([c]) => `${q(c)} = excluded.${q(c)}`)
    .join(", ")}`;

const deltaType = (c: string): PgType => (/^s\d\d$/.test(c) || c === "confidenceSum" || c === "labelledConfidenceSum" ? "float8" : "int4");
const keyed = (keys: Columns, counters: readonly string[], type: (c: string) => PgType = () => "int4"): Columns => [
  ...keys,
  ...counters.map((c) => [c, type(c)] as const),
];
const BUCKET_KEYS: Columns = [
  ["featureId", "text"],
  ["phase", "text"],
  ["segment", "text"],
  ["minute", "int4"],
];
const HOUR_KEYS: Columns = [
  ["featureId", "text"],
  ["phase", "text"],
  ["segment", "text"],
  ["hour", "int4"],
];
const SLICE_KEYS: Columns = [
  ["featureId", "text"],
  ["phase", "text"],
  ["segment", "text"],
  ["inputType", "text"],
  ["hour", "int4"],
];
const SOURCE_KEYS: Columns = [...HOUR_KEYS, ["source", "text"]];
const BUCKET_COLUMNS = keyed(BUCKET_KEYS, DELTA_COLUMNS, deltaType);
const HOUR_COLUMNS = keyed(HOUR_KEYS, DELTA_COLUMNS, deltaType);
const SLICE_BUCKET_COLUMNS = keyed(SLICE_KEYS, SLICE_COLUMNS);
const SOURCE_BUCKET_COLUMNS = keyed(SOURCE_KEYS, SOURCE_COLUMNS);
const JUDGE_BUCKET_COLUMNS = keyed(HOUR_KEYS, JUDGE_COLUMNS);

const increment = (table: string, keys: Columns, counters: readonly string[]) =>
  `ON CONFLICT (${keys.map(([k]) => q(k)).join(", ")}) DO UPDATE SET ${counters.map((c) => `${q(c)} = ${q(table)}.${q(c)} + excluded.${q(c)}`).join(", ")}`;

const SQL = {
  insertOutputs: unnestInsert("Output", OUTPUT_COLUMNS, `ON CONFLICT DO NOTHING RETURNING "id"`),
  insertTickets: unnestInsert("TicketMention", TICKET_COLUMNS, `ON CONFLICT DO NOTHING RETURNING "id"`),
  insertSamples: unnestInsert("AccuracySample", SAMPLE_COLUMNS, `ON CONFLICT DO NOTHING RETURNING "id"`),
  upsertLabels: unnestInsert("Label", LABEL_COLUMNS, replace(["outputId", "source"], LABEL_COLUMNS)),
  upsertFeedback: unnestInsert("Feedback", FEEDBACK_COLUMNS, replace(["outputId"], FEEDBACK_COLUMNS)),
  enqueueReview: unnestInsert("ReviewPending", PENDING_COLUMNS, "ON CONFLICT DO NOTHING"),
  dequeueReview: `DELETE FROM "ReviewPending" WHERE "outputId" = ANY($1::text[])`,
  setPendingFlags: `UPDATE "ReviewPending" p SET "flags" = u."flags", "priority" = u."priority"
    FROM unnest($1::text[], $2::int4[], $3::int8[]) AS u("outputId", "flags", "priority") WHERE p."outputId" = u."outputId"`,
  upsertVerdicts: unnestInsert("ReviewVerdict", VERDICT_COLUMNS, replace(["outputId"], VERDICT_COLUMNS)),
  lockOutputs: `SELECT "id", "featureId", "phase", "segment", "minute", "confidence", "inputType", "model", "review", "at" FROM "Output"
    WHERE "id" = ANY($1::text[]) ORDER BY "id" FOR UPDATE`,
  labels: `SELECT "outputId", "source", "correct", "at" FROM "Label" WHERE "outputId" = ANY($1::text[])`,
  feedback: `SELECT "outputId", "value", "comment", "at" FROM "Feedback" WHERE "outputId" = ANY($1::text[])`,
  pending: `SELECT ${PENDING_COLUMNS.map(([c]) => q(c)).join(", ")} FROM "ReviewPending" WHERE "outputId" = ANY($1::text[]) ORDER BY "outputId" FOR UPDATE`,
  bumpBuckets: unnestInsert("MetricBucket", BUCKET_COLUMNS, increment("MetricBucket", BUCKET_KEYS, DELTA_COLUMNS)),
  bumpHours: unnestInsert("HourBucket", HOUR_COLUMNS, increment("HourBucket", HOUR_KEYS, DELTA_COLUMNS)),
  bumpSlices: unnestInsert("SliceBucket", SLICE_BUCKET_COLUMNS, increment("SliceBucket", SLICE_KEYS, SLICE_COLUMNS)),
  bumpSources: unnestInsert("SourceBucket", SOURCE_BUCKET_COLUMNS, increment("SourceBucket", SOURCE_KEYS, SOURCE_COLUMNS)),
  bumpJudge: unnestInsert("JudgeBucket", JUDGE_BUCKET_COLUMNS, increment("JudgeBucket", HOUR_KEYS, JUDGE_COLUMNS)),
  humanLabel: `SELECT "correct", "reviewer", "at", "receivedAt" FROM "Label" WHERE "outputId" = $1 AND "source" = 'human'`,
  deleteLabel: `DELETE FROM "Label" WHERE "outputId" = $1 AND "source" = $2`,
  reviewVerdict: `SELECT "at", "waitMs" FROM "ReviewVerdict" WHERE "outputId" = $1`,
  deleteReviewVerdict: `DELETE FROM "ReviewVerdict" WHERE "outputId" = $1`,
};

interface LockedOutput {
  id: string;
  featureId: string;
  phase: string;
  segment: string;
  minute: number;
  confidence: number;
  inputType: string | null;
  model: string | null;
  review: boolean;
  at: number;
}

const byFirstColumn = (a: unknown[], b: unknown[]) => (String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0);

async function insertReturningNew(client: pg.PoolClient, text: string, rows: unknown[][], width: number): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  rows.sort(byFirstColumn);
  const returned = await pgRows<{ id: string }>(text, columnsOf(rows, width), client);
  return new Set(returned.map((r) => r.id));
}

async function write(client: pg.PoolClient, text: string, rows: unknown[][], width: number): Promise<void> {
  if (rows.length === 0) return;
  rows.sort(byFirstColumn);
  await pgRows(text, columnsOf(rows, width), client);
}

const pendingRow = (p: PendingRow): unknown[] => PENDING_COLUMNS.map(([c]) => p[c as keyof PendingRow]);

/** Writes a validated batch in one transaction; resolves after the commit. */
export function writeBatchPostgres(batch: PostgresBatch, now: number) {
  return pgTransaction((client) => writeBatch(client, batch, now));
}

async function writeBatch(client: pg.PoolClient, batch: PostgresBatch, now: number) {
  const rejected: Rejection[] = [];
  const deltas = new ModelRollupDeltas();
  const candidates = new CandidateChanges(); // the weekly review's candidate rows to refresh
  const touched = new Set<string>();
  let accepted = 0;
  let duplicates = 0;
  const accept = (featureId: string) => {
    accepted++;
    touched.add(featureId);
  };
  const keyOf = (o: LockedOutput): ModelKeyed => ({ featureId: o.featureId, phase: o.phase, segment: o.segment, minute: o.minute, model: o.model });
  const unknownOutput = (index: number, clientId: string) =>
    rejected.push({ index, code: "unknown_output", message: `No output with id "${clientId}" is stored for this feature` });

  // Outputs first, so that labels and feedback in the same batch find them. The first copy of an
  // id in the batch is the one inserted; the database says which ids were new.
  const outputRows = new Map<string, unknown[]>();
  type OutputMeta = { id: string; key: ModelKeyed; confidence: number; presentation: ReturnType<typeof presentationOf> };
  const outputMeta: (OutputMeta & { inputType?: string; pending: PendingRow | null; featureId: string })[] = [];
  for (const { event: e, feature } of batch.output) {
    const id = internalId(feature.id, e.id);
    if (outputRows.has(id)) {
      duplicates++;
      continue;
    }
    const phase = e.phase ?? feature.currentPhase?.key ?? "default";
    const phaseConfig = feature.phases.find((p) => p.key === phase);
    const review = e.review ?? sampledForReview(feature.key, e.id, phaseConfig?.reviewRate ?? 0);
    const at = e.timestamp ?? now;
    const key = { featureId: feature.id, phase, segment: e.segment ?? "default", minute: minuteOf(at), model: e.model };
    const presentation = presentationOf(e, phaseConfig);
    const shown = isShown(presentation);
    outputRows.set(id, [
      id,
      feature.id,
      e.id,
      phase,
      key.segment,
      e.unit ?? null,
      e.confidence,
      shown,
      presentation,
      e.inputType ?? null,
      e.model ?? null,
      e.input ?? null,
      e.output ?? null,
      review,
      at,
      key.minute,
      now,
    ]);
    let pending: PendingRow | null = null;
    if (review) {
      const flags = entryFlags({ confidence: e.confidence, askedByProduct: e.review === true });
      pending = {
        outputId: id,
        featureId: feature.id,
        at,
        phase,
        segment: key.segment,
        inputType: e.inputType ?? null,
        confidence: e.confidence,
        flags,
        priority: queuePriority(at, flags),
      };
    }
    outputMeta.push({ id, key, confidence: e.confidence, presentation, inputType: e.inputType, pending, featureId: feature.id });
  }
  const newOutputs = await insertReturningNew(client, SQL.insertOutputs, [...outputRows.values()], OUTPUT_COLUMNS.length);
  const enqueue: unknown[][] = [];
  for (const o of outputMeta) {
    if (!newOutputs.has(o.id)) {
      duplicates++;
      continue;
    }
    accept(o.featureId);
    candidates.inserted.push(o.id);
    deltas.addOutput(o.key, o.confidence, o.presentation, o.inputType);
    if (o.pending) enqueue.push(pendingRow(o.pending));
  }
  await write(client, SQL.enqueueReview, enqueue, PENDING_COLUMNS.length);

  // The outputs that labels, feedback and tickets refer to, locked in id order: a concurrent batch
  // changing the same output's verdict waits here and then reads this batch's verdict.
  const referenced = new Set<string>();
  for (const { event: e, feature } of batch.label) referenced.add(internalId(feature.id, e.outputId));
  for (const { event: e, feature } of batch.feedback) referenced.add(internalId(feature.id, e.outputId));
  for (const { event: e, feature } of batch.ticket) if (e.outputId) referenced.add(internalId(feature.id, e.outputId));
  const outputs = new Map<string, LockedOutput>();
  const verdicts = new Map<string, Partial<Record<LabelSource, { correct: boolean; at: number }>>>();
  const thumbs = new Map<string, { value: string; comment: string | null; at: number }>();
  const pending = new Map<string, PendingRow>();
  if (referenced.size > 0) {
    const ids = [...referenced].sort();
    for (const o of await pgRows<LockedOutput>(SQL.lockOutputs, [ids], client)) outputs.set(o.id, o);
    const present = [...outputs.keys()];
    if (batch.label.length > 0) {
      for (const l of await pgRows<{ outputId: string; source: LabelSource; correct: boolean; at: number }>(SQL.labels, [present], client)) {
        const v = verdicts.get(l.outputId) ?? {};
        v[l.source] = { correct: l.correct, at: Number(l.at) };
        verdicts.set(l.outputId, v);
      }
    }
    if (batch.feedback.length > 0) {
      for (const f of await pgRows<{ outputId: string; value: string; comment: string | null; at: number }>(SQL.feedback, [present], client)) {
        thumbs.set(f.outputId, { value: f.value, comment: f.comment, at: Number(f.at) });
      }
    }
    const reviewed = present.filter((id) => outputs.get(id)!.review);
    if (reviewed.length > 0) {
      for (const p of await pgRows<PendingRow>(SQL.pending, [reviewed], client)) pending.set(p.outputId, { ...p, at: Number(p.at), priority: Number(p.priority) });
    }
  }
  const dequeued = new Set<string>();
  const reflagged = new Set<string>();
  /** Sets `set` and clears the other `scope` reasons of a waiting item (no-op when it is not waiting). */
  const flagPending = (outputId: string, set: QueueReason[], scope: QueueReason[]) => {
    const row = pending.get(outputId);
    if (!row) return;
    let flags = row.flags;
    for (const r of scope) flags &= ~QUEUE_REASON_BITS[r];
    flags |= flagsOf(set);
    if (flags === row.flags) return;
    pending.set(outputId, { ...row, flags, priority: queuePriority(Number(row.at), flags) });
    reflagged.add(outputId);
  };

  // Labels: one verdict per output and source; the effective verdict is what the rollups count.
  // Events apply in batch order against the in-memory verdicts; each row is then written once.
  const labelRows = new Map<string, unknown[]>();
  const reviewVerdicts = new Map<string, unknown[]>();
  for (const { index, event: e, feature } of batch.label) {
    const id = internalId(feature.id, e.outputId);
    const output = outputs.get(id);
    if (!output) {
      unknownOutput(index, e.outputId);
      continue;
    }
    const stored = verdicts.get(id) ?? {};
    verdicts.set(id, stored);
    const at = e.timestamp ?? now;
    const mine = stored[e.source];
    // the same verdict, or an older one than stored (a resent batch): never undoes a newer change
    if (mine?.correct === e.correct || (mine !== undefined && at < mine.at)) {
      duplicates++;
      continue;
    }
    const before: Partial<Record<LabelSource, boolean>> = {};
    for (const [s, v] of Object.entries(stored)) before[s as LabelSource] = v.correct;
    stored[e.source] = { correct: e.correct, at };
    deltas.addLabelChange(keyOf(output), output.confidence, output.inputType, before, { ...before, [e.source]: e.correct });
    labelRows.set(`${id}\u0000${e.source}`, [id, e.source, e.correct, feature.id, e.reviewer ?? null, at, now]);
    if (output.review && (e.source === "human" || e.source === "ground_truth") && pending.delete(id)) dequeued.add(id);
    if (output.review && e.source === "heuristic") flagPending(id, e.correct ? [] : ["judge_wrong"], ["judge_wrong"]);
    if (e.source === "human" && output.review) reviewVerdicts.set(id, [id, feature.id, at, Math.max(0, at - Number(output.at))]);
    candidates.signal(id, !e.correct);
    accept(feature.id);
  }
  await write(client, SQL.upsertLabels, [...labelRows.values()], LABEL_COLUMNS.length);
  await write(client, SQL.upsertVerdicts, [...reviewVerdicts.values()], VERDICT_COLUMNS.length);

  // Feedback: one per output; a change of mind replaces the earlier thumb.
  const feedbackRows = new Map<string, unknown[]>();
  for (const { index, event: e, feature } of batch.feedback) {
    const id = internalId(feature.id, e.outputId);
    const output = outputs.get(id);
    if (!output) {
      unknownOutput(index, e.outputId);
      continue;
    }
    const before = thumbs.get(id);
    const comment = e.comment ?? null;
    const at = e.timestamp ?? now;
    if (before && ((before.value === e.value && before.comment === comment) || at < before.at)) {
      duplicates++;
      continue;
    }
    if (before?.value !== e.value) {
      if (before) deltas.addFeedback(keyOf(output), before.value as "up" | "down", -1, output.inputType);
      deltas.addFeedback(keyOf(output), e.value, 1, output.inputType);
    }
    thumbs.set(id, { value: e.value, comment, at });
    feedbackRows.set(id, [id, feature.id, e.value, comment, at, now]);
    if (output.review) flagPending(id, e.value === "down" ? ["thumbs_down"] : [], ["thumbs_down"]);
    candidates.signal(id, e.value === "down");
    accept(feature.id);
  }
  await write(client, SQL.upsertFeedback, [...feedbackRows.values()], FEEDBACK_COLUMNS.length);

  // Tickets and accuracy samples: idempotent inserts by client id.
  const ticketRows = new Map<string, unknown[]>();
  const ticketMeta: { id: string; featureId: string; key: ModelKeyed; critical: boolean; outputId: string | null; review: boolean }[] = [];
  for (const { event: e, feature } of batch.ticket) {
    const id = internalId(feature.id, e.id);
    if (ticketRows.has(id)) {
      duplicates++;
      continue;
    }
    const outputId = e.outputId ? internalId(feature.id, e.outputId) : null;
    const linked = outputId ? outputs.get(outputId) : undefined;
    const at = e.timestamp ?? now;
    const key = {
      featureId: feature.id,
      phase: linked?.phase ?? feature.currentPhase?.key ?? "default",
      segment: e.segment ?? linked?.segment ?? "default",
      minute: minuteOf(at),
      model: linked?.model,
    };
    ticketRows.set(id, [id, feature.id, outputId, key.phase, key.segment, e.severity, e.subject ?? null, at, key.minute, now]);
    ticketMeta.push({ id, featureId: feature.id, key, critical: e.severity === "critical", outputId, review: linked?.review === true });
  }
  const newTickets = await insertReturningNew(client, SQL.insertTickets, [...ticketRows.values()], TICKET_COLUMNS.length);
  for (const t of ticketMeta) {
    if (!newTickets.has(t.id)) {
      duplicates++;
      continue;
    }
    accept(t.featureId);
    if (t.outputId) candidates.signal(t.outputId, true);
    deltas.addTicket(t.key, t.critical);
    if (t.outputId && t.review) flagPending(t.outputId, t.critical ? ["ticket", "critical_ticket"] : ["ticket"], []);
  }

  const sampleRows = new Map<string, unknown[]>();
  const sampleMeta: { id: string; featureId: string; key: BucketKey; correct: number; total: number }[] = [];
  for (const { event: e, feature } of batch.accuracy) {
    const id = internalId(feature.id, e.id);
    if (sampleRows.has(id)) {
      duplicates++;
      continue;
    }
    const at = e.timestamp ?? now;
    const key = { featureId: feature.id, phase: e.phase ?? feature.currentPhase?.key ?? "default", segment: e.segment ?? "default", minute: minuteOf(at) };
    sampleRows.set(id, [id, feature.id, key.phase, key.segment, e.correct, e.total, at, key.minute, now]);
    sampleMeta.push({ id, featureId: feature.id, key, correct: e.correct, total: e.total });
  }
  const newSamples = await insertReturningNew(client, SQL.insertSamples, [...sampleRows.values()], SAMPLE_COLUMNS.length);
  for (const s of sampleMeta) {
    if (!newSamples.has(s.id)) {
      duplicates++;
      continue;
    }
    accept(s.featureId);
    deltas.addAccuracySample(s.key, s.correct, s.total);
  }

  // The review queue: items a human or ground truth judged leave it, the others get their new reasons.
  if (dequeued.size > 0) await pgRows(SQL.dequeueReview, [[...dequeued].sort()], client);
  const flagged = [...reflagged].filter((id) => pending.has(id)).sort();
  if (flagged.length > 0) {
    const rows = flagged.map((id) => pending.get(id)!);
    await pgRows(SQL.setPendingFlags, [rows.map((r) => r.outputId), rows.map((r) => r.flags), rows.map((r) => r.priority)], client);
  }

  await refreshWorstCandidatesPostgres(client, candidates);
  await applyDeltasPostgres(client, deltas);
  return { accepted, duplicates, touched, rejected };
}

/** Rollups: each touched row once, in key order (all batches lock rollup rows in the same order). */
export async function applyDeltasPostgres(client: pg.PoolClient, deltas: RollupDeltas): Promise<void> {
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
  const fourKey = (k: { featureId: string; phase: string; segment: string }, t: number) => [k.featureId, k.phase, k.segment, t];
  const buckets = deltas.nonEmpty().map(({ key, delta }) => [...fourKey(key, key.minute), ...DELTA_COLUMNS.map((c) => delta[c] ?? 0)]);
  const hours = deltas.hourly().map(({ key, delta }) => [...fourKey(key, key.minute), ...DELTA_COLUMNS.map((c) => delta[c] ?? 0)]);
  const slices = deltas
    .nonEmptySlices()
    .map(({ key, delta }) => [key.featureId, key.phase, key.segment, key.inputType, key.hour, ...SLICE_COLUMNS.map((c) => delta[c] ?? 0)]);
  const sources = deltas
    .nonEmptySources()
    .map(({ key, delta }) => [key.featureId, key.phase, key.segment, key.hour, key.source, ...SOURCE_COLUMNS.map((c) => delta[c] ?? 0)]);
  const judge = deltas.nonEmptyJudge().map(({ key, delta }) => [...fourKey(key, key.hour), ...JUDGE_COLUMNS.map((c) => delta[c] ?? 0)]);
  await run(SQL.bumpBuckets, ordered(buckets, [0, 3, 1, 2]), BUCKET_COLUMNS.length);
  await run(SQL.bumpHours, ordered(hours, [0, 3, 1, 2]), HOUR_COLUMNS.length);
  await run(SQL.bumpSlices, ordered(slices, [0, 4, 1, 2, 3]), SLICE_BUCKET_COLUMNS.length);
  await run(SQL.bumpSources, ordered(sources, [0, 3, 1, 2, 4]), SOURCE_BUCKET_COLUMNS.length);
  await run(SQL.bumpJudge, ordered(judge, [0, 3, 1, 2]), JUDGE_BUCKET_COLUMNS.length);
  await applyModelDeltasPostgres(client, deltas); // ModelBucket, ModelVersion: when the deltas carry models
}

/** What a queue verdict replaced (lib/data/ingest.ts verdictBefore), read on PostgreSQL. */
export async function verdictBeforePostgres(outputId: string) {
  const client = pool();
  const [human] = await pgRows<{ correct: boolean; reviewer: string | null; at: number; receivedAt: number }>(SQL.humanLabel, [outputId], client);
  const [pend] = await pgRows<PendingRow>(SQL.pending.replace(" FOR UPDATE", ""), [[outputId]], client);
  const [verdict] = await pgRows<{ at: number; waitMs: number }>(SQL.reviewVerdict, [outputId], client);
  return {
    human: human ? { correct: human.correct, reviewer: human.reviewer, at: Number(human.at), receivedAt: Number(human.receivedAt) } : null,
    pending: pend ? { ...pend, at: Number(pend.at), priority: Number(pend.priority) } : null,
    verdict: verdict ? { at: Number(verdict.at), waitMs: Number(verdict.waitMs) } : null,
  };
}

/**
 * Puts back what a human verdict replaced (lib/data/ingest.ts revertHumanVerdict) in one PostgreSQL
 * transaction, the output locked first; returns the feature id, or null when the human label is no
 * longer `expected`.
 */
export function revertHumanVerdictPostgres(
  outputId: string,
  expected: boolean,
  before: Awaited<ReturnType<typeof verdictBeforePostgres>>,
): Promise<string | null> {
  return pgTransaction(async (client) => {
    const [output] = await pgRows<LockedOutput>(SQL.lockOutputs, [[outputId]], client);
    const [current] = await pgRows<{ correct: boolean }>(SQL.humanLabel, [outputId], client);
    if (!output || !current || current.correct !== expected) return null;
    const verdicts: Partial<Record<LabelSource, boolean>> = {};
    for (const l of await pgRows<{ source: LabelSource; correct: boolean }>(SQL.labels, [[outputId]], client)) verdicts[l.source] = l.correct;
    const was = { ...verdicts };
    if (before.human) {
      const h = before.human;
      await pgRows(SQL.upsertLabels, columnsOf([[outputId, "human", h.correct, output.featureId, h.reviewer, h.at, h.receivedAt]], LABEL_COLUMNS.length), client);
      verdicts.human = h.correct;
    } else {
      await pgRows(SQL.deleteLabel, [outputId, "human"], client);
      delete verdicts.human;
    }
    const deltas = new ModelRollupDeltas();
    const key: ModelKeyed = { featureId: output.featureId, phase: output.phase, segment: output.segment, minute: output.minute, model: output.model };
    deltas.addLabelChange(
      key,
      output.confidence,
      output.inputType,
      was,
      verdicts,
    );
    await applyDeltasPostgres(client, deltas);
    if (before.pending) await pgRows(SQL.enqueueReview, columnsOf([pendingRow(before.pending)], PENDING_COLUMNS.length), client);
    if (before.verdict) {
      await pgRows(SQL.upsertVerdicts, columnsOf([[outputId, output.featureId, before.verdict.at, before.verdict.waitMs]], VERDICT_COLUMNS.length), client);
    } else {
      await pgRows(SQL.deleteReviewVerdict, [outputId], client);
    }
    const candidates = new CandidateChanges();
    candidates.signal(outputId, true);
    await refreshWorstCandidatesPostgres(client, candidates);
    return output.featureId;
  });
}

/**
 * Bulk rows for the benchmark's generator (bench/generate.ts), by the same set-based statements:
 * outputs (the Output columns above), human labels and the review tables.
 */
export const bulkPostgres = {
  outputs: (client: pg.PoolClient, rows: unknown[][]) => write(client, SQL.insertOutputs, rows, OUTPUT_COLUMNS.length),
  labels: (client: pg.PoolClient, rows: unknown[][]) => write(client, SQL.upsertLabels, rows, LABEL_COLUMNS.length),
  pending: (client: pg.PoolClient, rows: unknown[][]) => write(client, SQL.enqueueReview, rows, PENDING_COLUMNS.length),
  verdicts: (client: pg.PoolClient, rows: unknown[][]) => write(client, SQL.upsertVerdicts, rows, VERDICT_COLUMNS.length),
};
