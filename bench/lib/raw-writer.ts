import type Database from "better-sqlite3";
import { ingestStore } from "../../lib/store/sqlite/row-statements";
import { refreshWorstCandidatesSqlite } from "../../lib/data/worst-candidates";
import { adoptionOfPlan } from "../../lib/domain/adoption";
import { minuteOf } from "../../lib/domain/buckets";
import {
  OUTPUT_COLUMNS,
  outputRowOf,
  PENDING_COLUMNS,
  type OutputRow,
  type PlanFeature,
  type StoredOutput,
} from "../../lib/domain/ingest-rows";
import { ModelRollupDeltas } from "../../lib/domain/model-rollup";
import { QUEUE_REASON_BITS, queuePriority } from "../../lib/domain/queue-priority";
import type { OutputEvent } from "../../lib/schemas/events";
import { applyAdoptionSqlite } from "../../lib/store/sqlite/adoption-writer";
import { CandidateChanges } from "../../lib/domain/worst-candidate";

// The baseline: the rows ingest keeps, written straight through better-sqlite3 — one transaction
// per batch, with no HTTP, no validation and no feature lookup (features come in resolved). It keeps
// every table ingest keeps for the bench's events (bench/lib/events.ts: outputs, human labels,
// thumbs, tickets): Output (review and sample flags), Label, Feedback, TicketMention, the review
// queue (ReviewPending joins, leaves and reasons, ReviewVerdict latency rows), every rollup (minute,
// hour, slice, source, judge, model, first sightings), the weekly-review candidates and the
// adoption day sketches. raw-writer.test.ts checks the row counts against ingest's. Per event it
// reads what it must by primary key (the stored output, its verdict, thumb and queue item).

type Ev = Record<string, unknown>;
type Stored = StoredOutput;

export function rawWriter(conn: Database.Database, features: Map<string, PlanFeature>) {
  const store = ingestStore(conn);
  const p = (sql: string) => conn.prepare(sql);
  const outputOf = p(
    `SELECT "id", "featureId", "phase", "segment", "minute", "confidence", "inputType", "model", "review", "sampled", "at" FROM "Output" WHERE "id" = ?`,
  );
  const humanOf = p(`SELECT "correct" FROM "Label" WHERE "outputId" = ? AND "source" = 'human'`);
  const thumbOf = p(`SELECT "value" FROM "Feedback" WHERE "outputId" = ?`);
  const pendingOf = p(`SELECT "at", "flags" FROM "ReviewPending" WHERE "outputId" = ?`);
  const enqueue = p(
    `INSERT INTO "ReviewPending" ("outputId", "featureId", "at", "phase", "segment", "inputType", "confidence", "flags", "priority") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const dequeue = p(`DELETE FROM "ReviewPending" WHERE "outputId" = ?`);
  const reflag = p(`UPDATE "ReviewPending" SET "flags" = ?, "priority" = ? WHERE "outputId" = ?`);
  const verdict = p(
    `INSERT INTO "ReviewVerdict" ("outputId", "featureId", "at", "waitMs") VALUES (?, ?, ?, ?) ON CONFLICT ("outputId") DO UPDATE SET "at" = excluded."at", "waitMs" = excluded."waitMs"`,
  );
  const stored = (id: string): Stored | undefined => {
    const r = outputOf.get(id) as (Omit<Stored, "review" | "sampled"> & { review: number; sampled: number }) | undefined;
    return r && { ...r, minute: Number(r.minute), at: Number(r.at), review: r.review === 1, sampled: r.sampled === 1 };
  };
  const setFlag = (id: string, bit: number, on: boolean) => {
    const q = pendingOf.get(id) as { at: number; flags: number } | undefined;
    if (!q) return;
    const flags = on ? q.flags | bit : q.flags & ~bit;
    if (flags !== q.flags) reflag.run(flags, queuePriority(Number(q.at), flags), id);
  };

  return (events: Ev[], now: number) =>
    store.transaction(() => {
      const deltas = new ModelRollupDeltas();
      const candidates = new CandidateChanges();
      const known = new Map<string, Stored>();
      const outputs: OutputRow[] = [];
      const firstThumbs: { outputId: string }[] = [];
      const find = (id: string) => {
        let o = known.get(id);
        if (!o && (o = stored(id))) known.set(id, o);
        return o;
      };
      for (const e of events) {
        const f = features.get(e.feature as string)!;
        if (e.type === "output") {
          const { row, pending } = outputRowOf(e as unknown as OutputEvent, f, now);
          if (!store.insertOutput(OUTPUT_COLUMNS.map((c) => row[c]))) continue;
          outputs.push(row);
          known.set(row.id, row);
          candidates.inserted.push(row.id);
          deltas.addOutput(row, row.confidence, row.presentation, row.inputType, row);
          if (pending) enqueue.run(PENDING_COLUMNS.map((c) => pending[c]));
        } else if (e.type === "label" || e.type === "feedback") {
          const o = find(`${f.id}:${e.outputId}`);
          if (!o) continue;
          if (e.type === "label") {
            const was = humanOf.get(o.id) as { correct: number } | undefined;
            const correct = e.correct as boolean;
            if (was && was.correct === (correct ? 1 : 0)) continue;
            store.upsertLabel([o.id, "human", correct, f.id, null, false, now, now]);
            const random = { sampled: o.sampled, human: false, ground_truth: false };
            deltas.addLabelChange(
              o,
              o.confidence,
              o.inputType,
              was ? { human: was.correct === 1 } : {},
              { human: correct },
              { before: random, after: random },
            );
            if (o.review) {
              dequeue.run(o.id);
              verdict.run(o.id, f.id, now, Math.max(0, now - o.at));
            }
            candidates.signal(o.id, !correct);
          } else {
            const was = thumbOf.get(o.id) as { value: "up" | "down" } | undefined;
            const value = e.value as "up" | "down";
            if (was?.value === value) continue;
            store.upsertFeedback([o.id, f.id, value, null, now, now]);
            if (was) deltas.addFeedback(o, was.value, -1, o.inputType);
            else firstThumbs.push({ outputId: o.id });
            deltas.addFeedback(o, value, 1, o.inputType);
            if (o.review) setFlag(o.id, QUEUE_REASON_BITS.thumbs_down, value === "down");
            candidates.signal(o.id, value === "down");
          }
        } else if (e.type === "ticket") {
          const o = find(`${f.id}:${e.outputId}`);
          const phase = o?.phase ?? f.currentPhase!.key;
          const segment = o?.segment ?? "default";
          const key = { featureId: f.id, phase, segment, minute: minuteOf(now), model: o?.model };
          const row = [`${f.id}:${e.id}`, f.id, `${f.id}:${e.outputId}`, phase, segment, e.severity, null, now, key.minute, now];
          if (!store.insertTicket(row)) continue;
          deltas.addTicket(key, false);
          candidates.signal(`${f.id}:${e.outputId}`, true);
          if (o?.review) setFlag(o.id, QUEUE_REASON_BITS.ticket, true);
        }
      }
      store.applyDeltas(deltas);
      refreshWorstCandidatesSqlite(conn, candidates);
      // adoption: each new output's unit into its day's sketch, first thumbs counted
      applyAdoptionSqlite(conn, adoptionOfPlan({ outputs, feedback: firstThumbs as never }, { outputs: known, feedback: new Map() }));
    });
}
