import type pg from "pg";
import { pool } from "../../db";
import { pgRows, pgTransaction } from "./pg-sql";
import { refreshWorstCandidatesPostgres } from "../../data/worst-candidates";
import { emptyState, planIngest, stateNeeds, type IngestBatch, type IngestPlan, type WritePlan } from "../../domain/ingest-plan";
import {
  outputRowOf,
  sampleRowOf,
  storedOutputOf,
  ticketRowOf,
  internalId,
  type PendingRow,
  type StoredOutput,
} from "../../domain/ingest-rows";
import type { LabelSource, RandomFlags, Verdicts } from "../../domain/rollup";
import { planVerdictRevert, type VerdictBefore } from "../../domain/verdict-revert";
import type { IngestWriter } from "../ingest-writer";
import { applyDeltasPostgres } from "./rollup-writer";
import { adoptionOfPlan } from "../../domain/adoption";
import { applyAdoptionPostgres } from "./adoption-writer";
import { insertReturningNew, q, replaceTail, unnestInsert, writeRows, type Columns } from "./set-sql";

// Ingest on PostgreSQL: one transaction of the pg pool per batch, outside this process's write lock
// — several instances may write the same features at once. The primary keys decide which copy of
// an event counts: the batch first inserts its outputs (ON CONFLICT DO NOTHING RETURNING the ids
// that were new, so a concurrent copy waits for the other transaction and then reads as stored);
// then it locks (FOR UPDATE, in id order) the outputs its labels, thumbs and tickets name and reads
// their verdicts, thumbs and queue items; then it claims its tickets and samples the same way. The
// planner (lib/domain/ingest-plan.ts) gets that state and builds the same rows (ingest-rows.ts);
// the rest of the plan is written one statement per table, rows in key order so that two batches
// wait for each other rather than deadlock (a deadlock that still happens retries the batch); the
// rollup rows are those of the transaction's own shard (rollup-writer.ts), which no concurrent
// batch writes, so batches of the same minute do not wait for each other there.

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
  ["sampled", "bool"],
  ["at", "int8"],
  ["minute", "int4"],
  ["receivedAt", "int8"],
  ["inputTokens", "int4"],
  ["outputTokens", "int4"],
  ["durationMs", "int4"],
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
  ["random", "bool"],
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

const SQL = {
  insertOutputs: unnestInsert("Output", OUTPUT_COLUMNS, `ON CONFLICT DO NOTHING RETURNING "id"`),
  insertTickets: unnestInsert("TicketMention", TICKET_COLUMNS, `ON CONFLICT DO NOTHING RETURNING "id"`),
  insertSamples: unnestInsert("AccuracySample", SAMPLE_COLUMNS, `ON CONFLICT DO NOTHING RETURNING "id"`),
  upsertLabels: unnestInsert("Label", LABEL_COLUMNS, replaceTail(["outputId", "source"], LABEL_COLUMNS)),
  upsertFeedback: unnestInsert("Feedback", FEEDBACK_COLUMNS, replaceTail(["outputId"], FEEDBACK_COLUMNS)),
  enqueueReview: unnestInsert("ReviewPending", PENDING_COLUMNS, "ON CONFLICT DO NOTHING"),
  dequeueReview: `DELETE FROM "ReviewPending" WHERE "outputId" = ANY($1::text[])`,
  setPendingFlags: `UPDATE "ReviewPending" p SET "flags" = u."flags", "priority" = u."priority"
    FROM unnest($1::text[], $2::int4[], $3::int8[]) AS u("outputId", "flags", "priority") WHERE p."outputId" = u."outputId"`,
  upsertVerdicts: unnestInsert("ReviewVerdict", VERDICT_COLUMNS, replaceTail(["outputId"], VERDICT_COLUMNS)),
  deleteVerdicts: `DELETE FROM "ReviewVerdict" WHERE "outputId" = ANY($1::text[])`,
  deleteLabel: `DELETE FROM "Label" WHERE "outputId" = $1 AND "source" = $2`,
  lockOutputs: `SELECT "id", "featureId", "phase", "segment", "minute", "confidence", "inputType", "model", "review", "sampled", "at" FROM "Output"
    WHERE "id" = ANY($1::text[]) ORDER BY "id" FOR UPDATE`,
  labels: `SELECT "outputId", "source", "correct", "random", "at" FROM "Label" WHERE "outputId" = ANY($1::text[])`,
  feedback: `SELECT "outputId", "value", "comment", "at" FROM "Feedback" WHERE "outputId" = ANY($1::text[])`,
  pending: `SELECT ${PENDING_COLUMNS.map(([c]) => q(c)).join(", ")} FROM "ReviewPending" WHERE "outputId" = ANY($1::text[]) ORDER BY "outputId" FOR UPDATE`,
  humanLabel: `SELECT "correct", "reviewer", "random", "at", "receivedAt" FROM "Label" WHERE "outputId" = $1 AND "source" = 'human'`,
  reviewVerdict: `SELECT "at", "waitMs" FROM "ReviewVerdict" WHERE "outputId" = $1`,
};

type Row = object;
const arrays = <R extends Row>(list: readonly R[], columns: Columns) =>
  list.map((r) => columns.map(([c]) => (r as Record<string, unknown>)[c]));
const pendingRow = (p: PendingRow): PendingRow => ({ ...p, at: Number(p.at), priority: Number(p.priority) });
const storedOutput = (o: StoredOutput): StoredOutput => ({
  ...o,
  minute: Number(o.minute),
  at: Number(o.at),
  review: Boolean(o.review),
  sampled: Boolean(o.sampled),
});

async function lockOutputs(client: pg.PoolClient, ids: string[]): Promise<Map<string, StoredOutput>> {
  if (ids.length === 0) return new Map();
  return new Map((await pgRows<StoredOutput>(SQL.lockOutputs, [ids], client)).map((o) => [o.id, storedOutput(o)]));
}

/** The first copy of each id (the planner keeps the first copy too). */
function firstCopies<R extends { id: string }>(rows: R[]): R[] {
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.id) && seen.add(r.id));
}

/** Inserts the rows the batch would add; the ids that were already stored (by anyone) come back. */
async function claim<R extends { id: string }>(client: pg.PoolClient, text: string, rows: R[], columns: Columns): Promise<Set<string>> {
  const drafts = firstCopies(rows);
  const fresh = await insertReturningNew(client, text, arrays(drafts, columns), columns.length);
  return new Set(drafts.map((r) => r.id).filter((id) => !fresh.has(id)));
}

async function writeBatch(client: pg.PoolClient, batch: IngestBatch, now: number): Promise<IngestPlan> {
  const needs = stateNeeds(batch);
  const state = emptyState();
  // the batch's outputs, claimed with the planner's own rows
  const drafts = batch.output.map(({ event, feature }) => outputRowOf(event, feature, now).row);
  const storedBefore = await claim(client, SQL.insertOutputs, drafts, OUTPUT_COLUMNS);
  const fresh = new Set(drafts.map((r) => r.id).filter((id) => !storedBefore.has(id)));
  // the outputs the batch names that were stored before it, locked in id order: a concurrent batch
  // changing the same output's verdict waits here and then reads this batch's verdict
  state.outputs = await lockOutputs(
    client,
    needs.outputIds.filter((id) => !fresh.has(id)),
  );
  if (needs.referenced.length > 0) {
    if (batch.label.length > 0) {
      for (const l of await pgRows<{ outputId: string; source: LabelSource; correct: boolean; random: boolean; at: number }>(
        SQL.labels,
        [needs.referenced],
        client,
      )) {
        const v = state.labels.get(l.outputId) ?? {};
        v[l.source] = { correct: l.correct, at: Number(l.at), random: l.random };
        state.labels.set(l.outputId, v);
      }
    }
    if (batch.feedback.length > 0) {
      for (const f of await pgRows<{ outputId: string; value: "up" | "down"; comment: string | null; at: number }>(
        SQL.feedback,
        [needs.referenced],
        client,
      )) {
        state.feedback.set(f.outputId, { value: f.value, comment: f.comment, at: Number(f.at) });
      }
    }
    for (const p of await pgRows<PendingRow>(SQL.pending, [needs.referenced], client)) state.pending.set(p.outputId, pendingRow(p));
  }
  // tickets count in the phase of the output they name: stored before, or new in this batch
  const known = new Map(state.outputs);
  for (const r of drafts) if (fresh.has(r.id) && !known.has(r.id)) known.set(r.id, storedOutputOf(r));
  const tickets = batch.ticket.map(({ event: e, feature }) =>
    ticketRowOf(e, feature, e.outputId ? known.get(internalId(feature.id, e.outputId)) : undefined, now),
  );
  state.tickets = await claim(client, SQL.insertTickets, tickets, TICKET_COLUMNS);
  state.samples = await claim(
    client,
    SQL.insertSamples,
    batch.accuracy.map(({ event, feature }) => sampleRowOf(event, feature, now)),
    SAMPLE_COLUMNS,
  );

  const plan = planIngest(batch, now, state);
  await writePlan(client, plan, { claimed: true });
  await applyAdoptionPostgres(client, adoptionOfPlan(plan, state));
  const hook = beforeCommit;
  beforeCommit = null;
  await hook?.();
  return plan;
}

let beforeCommit: (() => Promise<void>) | null = null;
/** Tests: the next batch runs `fn` after its last write, inside its transaction (its locks held). */
export function holdNextBatchForTests(fn: () => Promise<void>): void {
  beforeCommit = fn;
}

/** Writes a plan; `claimed`: its new outputs, tickets and samples are inserted already. */
async function writePlan(client: pg.PoolClient, plan: WritePlan, { claimed }: { claimed: boolean }) {
  if (!claimed) {
    await writeRows(client, SQL.insertOutputs, arrays(plan.outputs, OUTPUT_COLUMNS), OUTPUT_COLUMNS.length);
    await writeRows(client, SQL.insertTickets, arrays(plan.tickets, TICKET_COLUMNS), TICKET_COLUMNS.length);
    await writeRows(client, SQL.insertSamples, arrays(plan.samples, SAMPLE_COLUMNS), SAMPLE_COLUMNS.length);
  }
  await writeRows(client, SQL.enqueueReview, arrays(plan.pendingInserts, PENDING_COLUMNS), PENDING_COLUMNS.length);
  await writeRows(client, SQL.upsertLabels, arrays(plan.labels, LABEL_COLUMNS), LABEL_COLUMNS.length);
  for (const d of plan.labelDeletes) await pgRows(SQL.deleteLabel, [d.outputId, d.source], client);
  await writeRows(client, SQL.upsertVerdicts, arrays(plan.verdicts, VERDICT_COLUMNS), VERDICT_COLUMNS.length);
  if (plan.verdictDeletes.length > 0) await pgRows(SQL.deleteVerdicts, [[...plan.verdictDeletes].sort()], client);
  await writeRows(client, SQL.upsertFeedback, arrays(plan.feedback, FEEDBACK_COLUMNS), FEEDBACK_COLUMNS.length);
  // the review queue: items a human or ground truth judged leave it, the others get their new reasons
  if (plan.pendingDeletes.length > 0) await pgRows(SQL.dequeueReview, [[...plan.pendingDeletes].sort()], client);
  if (plan.pendingFlags.length > 0) {
    const rows = [...plan.pendingFlags].sort((a, b) => (a.outputId < b.outputId ? -1 : a.outputId > b.outputId ? 1 : 0));
    await pgRows(SQL.setPendingFlags, [rows.map((r) => r.outputId), rows.map((r) => r.flags), rows.map((r) => r.priority)], client);
  }
  await refreshWorstCandidatesPostgres(client, plan.candidates);
  await applyDeltasPostgres(client, plan.deltas);
}

export const postgresIngestWriter: IngestWriter = {
  ingest: (batch, now) => pgTransaction((client) => writeBatch(client, batch, now)),

  async verdictBefore(outputId: string): Promise<VerdictBefore> {
    const client = pool();
    const [human] = await pgRows<{ correct: boolean; reviewer: string | null; random: boolean; at: number; receivedAt: number }>(
      SQL.humanLabel,
      [outputId],
      client,
    );
    const [pend] = await pgRows<PendingRow>(SQL.pending.replace(" FOR UPDATE", ""), [[outputId]], client);
    const [verdict] = await pgRows<{ at: number; waitMs: number }>(SQL.reviewVerdict, [outputId], client);
    return {
      human: human
        ? {
            correct: human.correct,
            reviewer: human.reviewer,
            at: Number(human.at),
            receivedAt: Number(human.receivedAt),
            random: human.random,
          }
        : null,
      pending: pend ? pendingRow(pend) : null,
      verdict: verdict ? { at: Number(verdict.at), waitMs: Number(verdict.waitMs) } : null,
    };
  },

  revertHumanVerdict: (outputId, expected, before) =>
    pgTransaction(async (client) => {
      const output = (await lockOutputs(client, [outputId])).get(outputId);
      const labels: Verdicts = {};
      const random: RandomFlags = { sampled: output?.sampled ?? false };
      for (const l of await pgRows<{ source: LabelSource; correct: boolean; random: boolean }>(SQL.labels, [[outputId]], client)) {
        labels[l.source] = l.correct;
        if (l.source !== "heuristic") random[l.source] = l.random;
      }
      const plan = planVerdictRevert(output, labels, expected, before, random);
      if (!plan) return null;
      await writePlan(client, plan, { claimed: false });
      return output!.featureId;
    }),
};
