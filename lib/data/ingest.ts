import { dbReady, engine, sqlite, guardedWrite } from "../db";
import { minuteOf } from "../domain/buckets";
import { isShown, presentationOf } from "../domain/presentation";
import { type LabelSource } from "../domain/rollup";
import { ModelRollupDeltas, type ModelKeyed } from "../domain/model-rollup";
import { sampledForReview } from "../domain/targeting";
import { entryFlags, flagsOf, queuePriority, QUEUE_REASON_BITS, type QueueReason } from "../domain/queue-priority";
import {
  describeIssues,
  EARLIEST_TIMESTAMP_MS,
  ZEvent,
  type AccuracyEvent,
  type FeedbackEvent,
  type IngestEvent,
  type IngestResult,
  type LabelEvent,
  type OutputEvent,
  type Rejection,
  type TicketEvent,
} from "../schemas/events";
import { decisionSnapshot } from "./decision-snapshot";
import { featuresByKeys, type FeatureConfig } from "./features";
import { ingestStore, type IngestStore, type PendingRow, type StoredOutput } from "./ingest-store";
import { revertHumanVerdictPostgres, verdictBeforePostgres, writeBatchPostgres } from "./ingest-postgres";
import { CandidateChanges, refreshWorstCandidatesSqlite } from "./worst-candidates";
import { olderThanRetention } from "../domain/retention";
import { retentionDays } from "./retention";

// The write path: validate each event, then one transaction per batch that inserts raw rows
// (ON CONFLICT DO NOTHING for idempotency) and applies the summed rollup deltas once per bucket.
// The promise resolves only after the transaction committed, so a 2xx means durable.

type Indexed<E> = { index: number; event: E; feature: FeatureConfig };
interface Batch {
  output: Indexed<OutputEvent>[];
  label: Indexed<LabelEvent>[];
  accuracy: Indexed<AccuracyEvent>[];
  feedback: Indexed<FeedbackEvent>[];
  ticket: Indexed<TicketEvent>[];
}

// On globalThis: Next.js may load this module once for instrumentation and again for routes.
const gl = globalThis as unknown as { rollguardIngestListeners?: Set<(featureIds: string[]) => void> };
const listeners = (gl.rollguardIngestListeners ??= new Set());

/** Called after every committed batch with the features it touched (alert evaluation, streams). */
export function onIngested(listener: (featureIds: string[]) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export const internalId = (featureId: string, clientId: string) => `${featureId}:${clientId}`;

/**
 * Feature configurations from the in-memory snapshot (kept current by the change feed); keys it
 * does not know yet (a feature created a moment ago in another process) are read from the database.
 */
async function featureConfigs(keys: string[]): Promise<Map<string, FeatureConfig>> {
  const snapshot = await decisionSnapshot();
  const found = new Map<string, FeatureConfig>();
  const missing: string[] = [];
  for (const key of keys) {
    const config = snapshot.configs.get(key);
    if (config) found.set(key, config);
    else missing.push(key);
  }
  if (missing.length > 0) for (const [key, config] of await featuresByKeys(missing)) found.set(key, config);
  return found;
}

/** What a key may send: some features only, some event types only (client-side keys: feedback). */
export interface IngestRestriction {
  featureIds: readonly string[] | null;
  types: readonly string[] | null;
}

/**
 * Stores a batch. `restriction` is set for keys restricted to features (a feature id, or a list)
 * or to event types: events outside it are rejected with `forbidden_feature` / `forbidden_type`.
 */
export async function ingestEvents(events: unknown[], now = Date.now(), restriction?: string | null | IngestRestriction): Promise<IngestResult> {
  const only: IngestRestriction =
    typeof restriction === "string" ? { featureIds: [restriction], types: null } : (restriction ?? { featureIds: null, types: null });
  const rejected: Rejection[] = [];
  const parsed: { index: number; event: IngestEvent }[] = [];
  events.forEach((raw, index) => {
    const result = ZEvent.safeParse(raw);
    if (!result.success) return void rejected.push({ index, code: "invalid_event", message: describeIssues(result.error) });
    const t = result.data.timestamp;
    if (t !== undefined && !(t >= EARLIEST_TIMESTAMP_MS)) {
      return void rejected.push({ index, code: "timestamp_out_of_range", message: `timestamp: ${Number.isFinite(t) ? new Date(t).toISOString() : "not a real date"} is before 2000-01-01 or not a date; send the time the event happened` });
    }
    if (t !== undefined && result.data.type !== "label" && result.data.type !== "feedback" && olderThanRetention(t, now, retentionDays())) {
      return void rejected.push({ index, code: "older_than_retention", message: `timestamp: ${new Date(t).toISOString()} is older than this server keeps raw events (${retentionDays()} days); it may have been stored and purged already, so it is not counted again` });
    }
    parsed.push({ index, event: result.data });
  });

  await dbReady();
  const features = await featureConfigs([...new Set(parsed.map((p) => p.event.feature))]);
  const batch: Batch = { output: [], label: [], accuracy: [], feedback: [], ticket: [] };
  for (const { index, event } of parsed) {
    const feature = features.get(event.feature);
    if (!feature) {
      rejected.push({ index, code: "unknown_feature", message: `No feature with key "${event.feature}"` });
      continue;
    }
    if (only.featureIds && !only.featureIds.includes(feature.id)) {
      rejected.push({ index, code: "forbidden_feature", message: `This API key may not send events for "${feature.key}"` });
      continue;
    }
    if (only.types && !only.types.includes(event.type)) {
      rejected.push({ index, code: "forbidden_type", message: `This API key may send only ${only.types.join(", ")} events` });
      continue;
    }
    const phase = "phase" in event ? event.phase : undefined;
    if (phase !== undefined && !feature.phases.some((p) => p.key === phase)) {
      rejected.push({ index, code: "unknown_phase", message: `Feature "${feature.key}" has no phase "${phase}"` });
      continue;
    }
    (batch[event.type] as Indexed<IngestEvent>[]).push({ index, event, feature });
  }

  const { accepted, duplicates, touched } = engine() === "postgres" ? await writePostgres(batch, rejected, now) : await guardedWrite(async () => {
    const store = ingestStore(sqlite());
    return store.transaction(() => writeBatch(store, batch, rejected, now));
  });
  if (touched.size > 0) for (const l of listeners) l([...touched]);
  rejected.sort((a, b) => a.index - b.index);
  return { accepted, duplicates, rejected };
}

/**
 * PostgreSQL: set-based statements in one transaction of the pg pool (lib/data/ingest-postgres.ts),
 * outside this process's write lock — rows locks and unique constraints order concurrent batches,
 * of this instance and of the others alike.
 */
async function writePostgres(batch: Batch, rejected: Rejection[], now: number) {
  const result = await writeBatchPostgres(batch, now);
  rejected.push(...result.rejected);
  return result;
}

/** Sets `set` and clears the other `scope` reasons of a waiting item (no-op when it is not waiting). */
function flagPending(store: IngestStore, outputId: string, set: QueueReason[], scope: QueueReason[]) {
  const row = store.pending(outputId);
  if (!row) return;
  let flags = row.flags;
  for (const r of scope) flags &= ~QUEUE_REASON_BITS[r];
  flags |= flagsOf(set);
  if (flags !== row.flags) store.setPendingFlags(outputId, flags, queuePriority(Number(row.at), flags));
}

function writeBatch(store: IngestStore, batch: Batch, rejected: Rejection[], now: number) {
  const deltas = new ModelRollupDeltas();
  const candidates = new CandidateChanges(); // the weekly review's candidate rows to refresh
  const touched = new Set<string>();
  let accepted = 0;
  let duplicates = 0;
  const accept = (featureId: string) => {
    accepted++;
    touched.add(featureId);
  };
  const keyOf = (o: StoredOutput): ModelKeyed => ({ featureId: o.featureId, phase: o.phase, segment: o.segment, minute: o.minute, model: o.model });
  const unknownOutput = (index: number, clientId: string) =>
    rejected.push({ index, code: "unknown_output", message: `No output with id "${clientId}" is stored for this feature` });

  // Outputs first, so that labels and feedback in the same batch find them.
  for (const { event: e, feature } of batch.output) {
    const id = internalId(feature.id, e.id);
    const phase = e.phase ?? feature.currentPhase?.key ?? "default";
    const phaseConfig = feature.phases.find((p) => p.key === phase);
    // The product says whether this output goes to human review (the decision's humanReview); when
    // it does not, the phase's review rate samples it by the same hash the decision API uses.
    const review = e.review ?? sampledForReview(feature.key, e.id, phaseConfig?.reviewRate ?? 0);
    const at = e.timestamp ?? now;
    const key = { featureId: feature.id, phase, segment: e.segment ?? "default", minute: minuteOf(at), model: e.model };
    const presentation = presentationOf(e, phaseConfig);
    const shown = isShown(presentation);
    const isNew = store.insertOutput([id, feature.id, e.id, phase, key.segment, e.unit ?? null, e.confidence, shown, presentation,
      e.inputType ?? null, e.model ?? null, e.input ?? null, e.output ?? null, review, at, key.minute, now]);
    if (!isNew) {
      duplicates++;
      continue;
    }
    accept(feature.id);
    candidates.inserted.push(id);
    deltas.addOutput(key, e.confidence, presentation, e.inputType);
    if (review) {
      const flags = entryFlags({ confidence: e.confidence, askedByProduct: e.review === true });
      store.enqueueReview({ outputId: id, featureId: feature.id, at, phase, segment: key.segment, inputType: e.inputType ?? null,
        confidence: e.confidence, flags, priority: queuePriority(at, flags) });
    }
  }

  // Labels: one verdict per output and source; the effective verdict is what the rollups count.
  for (const { index, event: e, feature } of batch.label) {
    const id = internalId(feature.id, e.outputId);
    const output = store.output(id);
    if (!output) {
      unknownOutput(index, e.outputId);
      continue;
    }
    const verdicts: Partial<Record<LabelSource, boolean>> = {};
    const at = e.timestamp ?? now;
    let storedAt: number | undefined;
    for (const l of store.labels(id)) {
      verdicts[l.source as LabelSource] = l.correct;
      if (l.source === e.source) storedAt = l.at;
    }
    // the same verdict, or an older one than stored (a resent batch): never undoes a newer change
    if (verdicts[e.source] === e.correct || (storedAt !== undefined && at < storedAt)) {
      duplicates++;
      continue;
    }
    const before = { ...verdicts };
    verdicts[e.source] = e.correct;
    deltas.addLabelChange(keyOf(output), output.confidence, output.inputType, before, verdicts);
    store.upsertLabel([id, e.source, e.correct, feature.id, e.reviewer ?? null, at, now]);
    if (output.review === 1 && (e.source === "human" || e.source === "ground_truth")) store.dequeueReview(id);
    if (output.review === 1 && e.source === "heuristic") flagPending(store, id, e.correct ? [] : ["judge_wrong"], ["judge_wrong"]);
    if (e.source === "human" && output.review === 1) store.upsertReviewVerdict(id, feature.id, at, Math.max(0, at - Number(output.at)));
    candidates.signal(id, !e.correct);
    accept(feature.id);
  }

  // Feedback: one per output; a change of mind replaces the earlier thumb.
  for (const { index, event: e, feature } of batch.feedback) {
    const id = internalId(feature.id, e.outputId);
    const output = store.output(id);
    if (!output) {
      unknownOutput(index, e.outputId);
      continue;
    }
    const before = store.feedback(id);
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
    store.upsertFeedback([id, feature.id, e.value, comment, at, now]);
    if (output.review === 1) flagPending(store, id, e.value === "down" ? ["thumbs_down"] : [], ["thumbs_down"]);
    candidates.signal(id, e.value === "down");
    accept(feature.id);
  }

  // Tickets and accuracy samples: idempotent inserts by client id.
  for (const { event: e, feature } of batch.ticket) {
    const outputId = e.outputId ? internalId(feature.id, e.outputId) : null;
    const linked = outputId ? store.output(outputId) : undefined;
    const at = e.timestamp ?? now;
    const key = {
      featureId: feature.id,
      phase: linked?.phase ?? feature.currentPhase?.key ?? "default",
      segment: e.segment ?? linked?.segment ?? "default",
      minute: minuteOf(at),
      model: linked?.model,
    };
    const isNew = store.insertTicket([internalId(feature.id, e.id), feature.id, outputId, key.phase, key.segment,
      e.severity, e.subject ?? null, at, key.minute, now]);
    if (!isNew) {
      duplicates++;
      continue;
    }
    accept(feature.id);
    if (outputId) candidates.signal(outputId, true);
    deltas.addTicket(key, e.severity === "critical");
    if (outputId && linked?.review === 1) flagPending(store, outputId, e.severity === "critical" ? ["ticket", "critical_ticket"] : ["ticket"], []);
  }

  for (const { event: e, feature } of batch.accuracy) {
    const at = e.timestamp ?? now;
    const key = {
      featureId: feature.id,
      phase: e.phase ?? feature.currentPhase?.key ?? "default",
      segment: e.segment ?? "default",
      minute: minuteOf(at),
    };
    const isNew = store.insertSample([internalId(feature.id, e.id), feature.id, key.phase, key.segment, e.correct, e.total,
      at, key.minute, now]);
    if (!isNew) {
      duplicates++;
      continue;
    }
    accept(feature.id);
    deltas.addAccuracySample(key, e.correct, e.total);
  }

  store.applyDeltas(deltas);
  refreshWorstCandidatesSqlite(sqlite(), candidates);
  return { accepted, duplicates, touched };
}

/** What a queue verdict replaced: enough to put it back exactly. */
export interface VerdictBefore {
  /** the human label before the verdict (null: there was none) */
  human: { correct: boolean; reviewer: string | null; at: number; receivedAt: number } | null;
  /** the queue row before the verdict (null: it was not waiting) */
  pending: PendingRow | null;
  /** the latency row before the verdict (null: none) */
  verdict: { at: number; waitMs: number } | null;
}

/** The state a queue verdict will replace, read on the raw connection. */
export async function verdictBefore(outputId: string): Promise<VerdictBefore> {
  await dbReady();
  if (engine() === "postgres") return verdictBeforePostgres(outputId);
  const store = ingestStore(sqlite());
  const human = store.label(outputId, "human");
  const pending = store.pending(outputId);
  const verdict = store.reviewVerdict(outputId);
  return {
    human: human ? { correct: Number(human.correct) === 1, reviewer: human.reviewer, at: Number(human.at), receivedAt: Number(human.receivedAt) } : null,
    pending: pending ? { ...pending, at: Number(pending.at), priority: Number(pending.priority) } : null,
    verdict: verdict ? { at: Number(verdict.at), waitMs: Number(verdict.waitMs) } : null,
  };
}

/**
 * Puts back what a human verdict replaced, in one transaction: the human label (or none), the
 * queue row and the latency row; the rollups get the exact reverse of the change in effective
 * verdict, through the same deltas as ingest. `expected` is the verdict being undone: when the
 * human label is no longer that one (someone judged the output again since), nothing changes and
 * false comes back.
 */
export async function revertHumanVerdict(outputId: string, expected: boolean, before: VerdictBefore): Promise<boolean> {
  await dbReady();
  if (engine() === "postgres") {
    const featureId = await revertHumanVerdictPostgres(outputId, expected, before);
    if (featureId === null) return false;
    for (const l of listeners) l([featureId]);
    return true;
  }
  const store = ingestStore(sqlite());
  const result = await guardedWrite(async () =>
    store.transaction(() => {
      const output = store.output(outputId);
      const current = store.label(outputId, "human");
      if (!output || !current || (Number(current.correct) === 1) !== expected) return null;
      const verdicts: Partial<Record<LabelSource, boolean>> = {};
      for (const l of store.labels(outputId)) verdicts[l.source as LabelSource] = l.correct;
      const was = { ...verdicts };
      if (before.human) {
        store.upsertLabel([outputId, "human", before.human.correct, output.featureId, before.human.reviewer, before.human.at, before.human.receivedAt]);
        verdicts.human = before.human.correct;
      } else {
        store.deleteLabel(outputId, "human");
        delete verdicts.human;
      }
      const deltas = new ModelRollupDeltas();
      const key: ModelKeyed = { featureId: output.featureId, phase: output.phase, segment: output.segment, minute: output.minute, model: output.model };
      deltas.addLabelChange(key, output.confidence, output.inputType, was, verdicts);
      store.applyDeltas(deltas);
      if (before.pending) store.enqueueReview(before.pending);
      if (before.verdict) store.upsertReviewVerdict(outputId, output.featureId, before.verdict.at, before.verdict.waitMs);
      else store.deleteReviewVerdict(outputId);
      const candidates = new CandidateChanges();
      candidates.signal(outputId, true);
      refreshWorstCandidatesSqlite(sqlite(), candidates);
      return output.featureId;
    }),
  );
  if (result === null) return false;
  for (const l of listeners) l([result]);
  return true;
}
