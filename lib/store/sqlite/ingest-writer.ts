import type Database from "better-sqlite3";
import { guardedWrite, sqlite } from "../../db";
import {
  emptyState,
  outputDrafts,
  planIngest,
  stateNeeds,
  type IngestBatch,
  type IngestPlan,
  type StoredState,
  type WritePlan,
} from "../../domain/ingest-plan";
import {
  FEEDBACK_COLUMNS,
  internalId,
  LABEL_COLUMNS,
  OUTPUT_COLUMNS,
  PENDING_COLUMNS,
  SAMPLE_COLUMNS,
  TICKET_COLUMNS,
  VERDICT_COLUMNS,
  sampleRowOf,
  storedOutputOf,
  ticketRowOf,
  type PendingRow,
  type StoredOutput,
} from "../../domain/ingest-rows";
import type { LabelSource, RandomFlags, Verdicts } from "../../domain/rollup";
import { planVerdictRevert, type VerdictBefore } from "../../domain/verdict-revert";
import { refreshWorstCandidatesSqlite } from "../../data/worst-candidates";
import type { IngestWriter } from "../ingest-writer";
import { applyRollupsSqlite } from "./rollup-writer";
import { adoptionOfPlan } from "../../domain/adoption";
import { applyAdoptionSqlite } from "./adoption-writer";
import { inIds, multiRowInsert, q, replaceTail, rowsIn, sqliteValue } from "./set-sql";

// Ingest on SQLite: one IMMEDIATE transaction per batch under the process's write lock (so the
// state read at its start is the state its writes apply to), the prior state read with one
// statement per table — the batch's new outputs, tickets and samples claimed by inserting them first,
// as on PostgreSQL, instead of being looked up — the plan (lib/domain/ingest-plan.ts) written with
// one call per table.

const OUTPUT_STATE = `"id", "featureId", "phase", "segment", "minute", "confidence", "inputType", "model", "review", "sampled", "at"`;

/** One-row inserts that skip a stored id, and which of the rows were new. */
function claimer(conn: Database.Database, table: string, columns: readonly string[]) {
  const insert = conn.prepare(
    `INSERT INTO ${q(table)} (${columns.map(q).join(", ")}) VALUES (${columns.map(() => "?").join(", ")}) ON CONFLICT DO NOTHING`,
  );
  return (rows: unknown[][]) => rows.map((r) => insert.run(r.map(sqliteValue)).changes === 1);
}

function prepare(conn: Database.Database) {
  const read = (sql: string) => conn.prepare(sql);
  const s = {
    outputs: read(`SELECT ${OUTPUT_STATE} FROM "Output" WHERE ${inIds(`"id"`)}`),
    labels: read(`SELECT "outputId", "source", "correct", "random", "at" FROM "Label" WHERE ${inIds(`"outputId"`)}`),
    feedback: read(`SELECT "outputId", "value", "comment", "at" FROM "Feedback" WHERE ${inIds(`"outputId"`)}`),
    pending: read(`SELECT ${PENDING_COLUMNS.map(q).join(", ")} FROM "ReviewPending" WHERE ${inIds(`"outputId"`)}`),
    humanLabel: read(`SELECT "correct", "reviewer", "random", "at", "receivedAt" FROM "Label" WHERE "outputId" = ? AND "source" = 'human'`),
    reviewVerdict: read(`SELECT "at", "waitMs" FROM "ReviewVerdict" WHERE "outputId" = ?`),
    deleteLabel: read(`DELETE FROM "Label" WHERE "outputId" = ? AND "source" = ?`),
    deletePending: read(`DELETE FROM "ReviewPending" WHERE ${inIds(`"outputId"`)}`),
    deleteVerdicts: read(`DELETE FROM "ReviewVerdict" WHERE ${inIds(`"outputId"`)}`),
    setFlags: read(`UPDATE "ReviewPending" SET "flags" = ?, "priority" = ? WHERE "outputId" = ?`),
    insertOutputs: multiRowInsert(conn, "Output", OUTPUT_COLUMNS, "ON CONFLICT DO NOTHING"),
    insertTickets: multiRowInsert(conn, "TicketMention", TICKET_COLUMNS, "ON CONFLICT DO NOTHING"),
    insertSamples: multiRowInsert(conn, "AccuracySample", SAMPLE_COLUMNS, "ON CONFLICT DO NOTHING"),
    upsertLabels: multiRowInsert(conn, "Label", LABEL_COLUMNS, replaceTail(LABEL_COLUMNS, ["outputId", "source"])),
    upsertFeedback: multiRowInsert(conn, "Feedback", FEEDBACK_COLUMNS, replaceTail(FEEDBACK_COLUMNS, ["outputId"])),
    upsertVerdicts: multiRowInsert(conn, "ReviewVerdict", VERDICT_COLUMNS, replaceTail(VERDICT_COLUMNS, ["outputId"])),
    enqueue: multiRowInsert(conn, "ReviewPending", PENDING_COLUMNS, "ON CONFLICT DO NOTHING"),
    claimOutputs: claimer(conn, "Output", OUTPUT_COLUMNS),
    claimTickets: claimer(conn, "TicketMention", TICKET_COLUMNS),
    claimSamples: claimer(conn, "AccuracySample", SAMPLE_COLUMNS),
  };
  // better-sqlite3 prepares BEGIN/COMMIT when a transaction function is made: make it once.
  const inTransaction = conn.transaction((fn: () => unknown) => fn());
  return { ...s, transaction: <T>(fn: () => T): T => inTransaction.immediate(fn) as T };
}

type Statements = ReturnType<typeof prepare>;
const prepared = new WeakMap<Database.Database, Statements>();
function statements(conn: Database.Database): Statements {
  let s = prepared.get(conn);
  if (!s) prepared.set(conn, (s = prepare(conn)));
  return s;
}

type OutputStateRow = Omit<StoredOutput, "review" | "sampled"> & {
  review: number | boolean;
  sampled: number | boolean;
  minute: number | bigint;
  at: number | bigint;
};
const storedOutput = (r: OutputStateRow): StoredOutput => ({
  ...r,
  minute: Number(r.minute),
  at: Number(r.at),
  review: Boolean(Number(r.review)),
  sampled: Boolean(Number(r.sampled)),
});
const pendingRow = (p: PendingRow): PendingRow => ({ ...p, at: Number(p.at), priority: Number(p.priority) });

function loadOutputs(s: Statements, ids: readonly string[]): Map<string, StoredOutput> {
  return new Map(rowsIn<OutputStateRow>(s.outputs, ids).map((r) => [r.id, storedOutput(r)]));
}

/** The first copy of each id (the planner keeps the first copy too). */
function firstCopies<R extends { id: string }>(rows: R[]): R[] {
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.id) && seen.add(r.id));
}

/** Inserts the rows the batch would add (first copies); the ids that were stored before come back. */
function claim<R extends { id: string }>(insert: (rows: unknown[][]) => boolean[], rows: R[], columns: readonly (keyof R)[]): Set<string> {
  const drafts = firstCopies(rows);
  const inserted = insert(drafts.map((r) => columns.map((c) => r[c])));
  return new Set(drafts.filter((_, i) => !inserted[i]).map((r) => r.id));
}

/**
 * The stored state the batch touches. Its outputs, tickets and samples are claimed first, with the
 * planner's own rows (INSERT … ON CONFLICT DO NOTHING, as the PostgreSQL writer does): an insert
 * that changes nothing names an id stored before, so the new ids need no read of their own.
 */
function loadState(s: Statements, batch: IngestBatch, drafts: ReturnType<typeof outputDrafts>, now: number): StoredState {
  const needs = stateNeeds(batch);
  const state = emptyState();
  const rowsOut = drafts.map((d) => d.row);
  const storedBefore = claim(s.claimOutputs, rowsOut, OUTPUT_COLUMNS);
  const fresh = new Set(rowsOut.map((r) => r.id).filter((id) => !storedBefore.has(id)));
  state.outputs = loadOutputs(
    s,
    needs.outputIds.filter((id) => !fresh.has(id)),
  );
  for (const l of rowsIn<{ outputId: string; source: LabelSource; correct: number; random: number; at: number | bigint }>(
    s.labels,
    needs.referenced,
  )) {
    const v = state.labels.get(l.outputId) ?? {};
    v[l.source] = { correct: Number(l.correct) === 1, at: Number(l.at), random: Number(l.random) === 1 };
    state.labels.set(l.outputId, v);
  }
  for (const f of rowsIn<{ outputId: string; value: "up" | "down"; comment: string | null; at: number | bigint }>(
    s.feedback,
    needs.referenced,
  )) {
    state.feedback.set(f.outputId, { value: f.value, comment: f.comment, at: Number(f.at) });
  }
  for (const p of rowsIn<PendingRow>(s.pending, needs.referenced)) state.pending.set(p.outputId, pendingRow(p));
  // tickets count in the phase of the output they name: stored before, or new in this batch
  const known = new Map(state.outputs);
  for (const r of rowsOut) if (fresh.has(r.id) && !known.has(r.id)) known.set(r.id, storedOutputOf(r));
  const tickets = batch.ticket.map(({ event: e, feature }) =>
    ticketRowOf(e, feature, e.outputId ? known.get(internalId(feature.id, e.outputId)) : undefined, now),
  );
  state.tickets = claim(s.claimTickets, tickets, TICKET_COLUMNS);
  const samples = batch.accuracy.map(({ event, feature }) => sampleRowOf(event, feature, now));
  state.samples = claim(s.claimSamples, samples, SAMPLE_COLUMNS);
  return state;
}

const rows = <R extends object>(list: readonly R[], columns: readonly (keyof R)[]) => list.map((r) => columns.map((c) => r[c]));

/** Writes a plan; `claimed`: its new outputs, tickets and samples are inserted already (loadState). */
function writePlan(conn: Database.Database, s: Statements, plan: WritePlan, { claimed }: { claimed: boolean }) {
  if (!claimed) {
    s.insertOutputs(rows(plan.outputs, OUTPUT_COLUMNS));
    s.insertTickets(rows(plan.tickets, TICKET_COLUMNS));
    s.insertSamples(rows(plan.samples, SAMPLE_COLUMNS));
  }
  s.upsertLabels(rows(plan.labels, LABEL_COLUMNS));
  for (const d of plan.labelDeletes) s.deleteLabel.run(d.outputId, d.source);
  s.upsertFeedback(rows(plan.feedback, FEEDBACK_COLUMNS));
  s.upsertVerdicts(rows(plan.verdicts, VERDICT_COLUMNS));
  if (plan.verdictDeletes.length > 0) s.deleteVerdicts.run(JSON.stringify(plan.verdictDeletes));
  s.enqueue(rows(plan.pendingInserts, PENDING_COLUMNS));
  if (plan.pendingDeletes.length > 0) s.deletePending.run(JSON.stringify(plan.pendingDeletes));
  for (const f of plan.pendingFlags) s.setFlags.run(f.flags, f.priority, f.outputId);
  applyRollupsSqlite(conn, plan.deltas);
  refreshWorstCandidatesSqlite(conn, plan.candidates);
}

export const sqliteIngestWriter: IngestWriter = {
  ingest(batch: IngestBatch, now: number): Promise<IngestPlan> {
    return guardedWrite(async () => {
      const conn = sqlite();
      const s = statements(conn);
      return s.transaction(() => {
        const drafts = outputDrafts(batch, now);
        const state = loadState(s, batch, drafts, now);
        const plan = planIngest(batch, now, state, drafts);
        writePlan(conn, s, plan, { claimed: true });
        applyAdoptionSqlite(conn, adoptionOfPlan(plan, state));
        return plan;
      });
    });
  },

  async verdictBefore(outputId: string): Promise<VerdictBefore> {
    const s = statements(sqlite());
    const human = s.humanLabel.get(outputId) as
      { correct: number; reviewer: string | null; random: number; at: number; receivedAt: number } | undefined;
    const [pending] = rowsIn<PendingRow>(s.pending, [outputId]);
    const verdict = s.reviewVerdict.get(outputId) as { at: number; waitMs: number } | undefined;
    return {
      human: human
        ? {
            correct: Number(human.correct) === 1,
            reviewer: human.reviewer,
            at: Number(human.at),
            receivedAt: Number(human.receivedAt),
            random: Number(human.random) === 1,
          }
        : null,
      pending: pending ? pendingRow(pending) : null,
      verdict: verdict ? { at: Number(verdict.at), waitMs: Number(verdict.waitMs) } : null,
    };
  },

  revertHumanVerdict(outputId: string, expected: boolean, before: VerdictBefore): Promise<string | null> {
    return guardedWrite(async () => {
      const conn = sqlite();
      const s = statements(conn);
      return s.transaction(() => {
        const output = loadOutputs(s, [outputId]).get(outputId);
        const labels: Verdicts = {};
        const random: RandomFlags = { sampled: output?.sampled ?? false };
        for (const l of rowsIn<{ source: LabelSource; correct: number; random: number }>(s.labels, [outputId])) {
          labels[l.source] = Number(l.correct) === 1;
          if (l.source !== "heuristic") random[l.source] = Number(l.random) === 1;
        }
        const plan = planVerdictRevert(output, labels, expected, before, random);
        if (!plan) return null;
        writePlan(conn, s, plan, { claimed: false });
        return output!.featureId;
      });
    });
  },
};
