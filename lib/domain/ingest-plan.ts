import {
  internalId,
  keyOfOutput,
  outputRowOf,
  sampleRowOf,
  storedOutputOf,
  ticketRowOf,
  type FeedbackRow,
  type LabelRow,
  type OutputRow,
  type PendingRow,
  type PlanFeature,
  type SampleRow,
  type StoredOutput,
  type TicketRow,
  type VerdictRow,
} from "./ingest-rows";
import { ModelRollupDeltas } from "./model-rollup";
import { flagsOf, queuePriority, QUEUE_REASON_BITS, type QueueReason } from "./queue-priority";
import type { LabelSource, RandomFlags, Verdicts } from "./rollup";
import { CandidateChanges } from "./worst-candidate";
import type { AccuracyEvent, FeedbackEvent, LabelEvent, OutputEvent, Rejection, TicketEvent } from "../schemas/events";

// The ingest rules, each written once: what a validated batch does to the stored rows, given the
// stored state of what it touches. Pure — the engines (lib/store/*/ingest-writer.ts) load and lock
// that state, call planIngest and write the plan it returns, set-based, in one transaction.
//
// Per event, in this order (outputs first, so that labels, thumbs and tickets of the same batch
// find them):
// - output: stored once per id (a resend is a duplicate); counted in the rollups; when it goes to
//   human review (the product's `review`, else the phase's sampling rate) it joins the queue.
// - label: one verdict per output and source. The same verdict again, or one older than the stored
//   one (a late or resent label), changes nothing: a duplicate. Otherwise it replaces the source's
//   verdict and the rollups move by the change in the output's effective verdict (ground truth >
//   human > heuristic). A human or ground-truth label takes the output out of the review queue; a
//   heuristic one marks it "judge says wrong" (or clears that mark); a human label on a flagged
//   output records the review latency.
// - feedback: one thumb per output; the newest wins (an older one is a duplicate, as is the same
//   thumb and comment again); a changed thumb moves the rollups from the old value to the new one;
//   a waiting item gets or loses its "thumbs down" reason.
// - ticket: stored once per id, counted at its time in the linked output's phase; a waiting linked
//   item gets the "ticket" (and "critical ticket") reason.
// - accuracy sample: stored once per id, counted as pre-counted labels.
// A label or thumb for an output that is not stored is rejected (`unknown_output`).

type Indexed<E> = { index: number; event: E; feature: PlanFeature };

/** A validated batch, by event type, each event with its index in the request and its feature. */
export interface IngestBatch {
  output: Indexed<OutputEvent>[];
  label: Indexed<LabelEvent>[];
  accuracy: Indexed<AccuracyEvent>[];
  feedback: Indexed<FeedbackEvent>[];
  ticket: Indexed<TicketEvent>[];
}

export const emptyBatch = (): IngestBatch => ({ output: [], label: [], accuracy: [], feedback: [], ticket: [] });

export interface StoredVerdict {
  correct: boolean;
  at: number;
  random?: boolean;
}

/** Which person verdicts of an output are random-sample ones (rollup.ts randomVerdict). */
export function randomFlagsOf(output: { sampled: boolean }, stored: Partial<Record<LabelSource, StoredVerdict>>): RandomFlags {
  return { sampled: output.sampled, human: stored.human?.random ?? false, ground_truth: stored.ground_truth?.random ?? false };
}

export interface StoredThumb {
  value: "up" | "down";
  comment: string | null;
  at: number;
}

/** What the batch touches, as stored before it (only the ids of `stateNeeds` are looked at). */
export interface StoredState {
  /** stored outputs among `outputIds` */
  outputs: Map<string, StoredOutput>;
  /** the verdicts of the `referenced` outputs, by source (`random`: sent as a random-sample verdict) */
  labels: Map<string, Partial<Record<LabelSource, StoredVerdict>>>;
  /** the thumbs of the `referenced` outputs */
  feedback: Map<string, StoredThumb>;
  /** the waiting queue items of the `referenced` outputs */
  pending: Map<string, PendingRow>;
  /** stored ticket ids among `ticketIds` */
  tickets: Set<string>;
  /** stored accuracy sample ids among `sampleIds` */
  samples: Set<string>;
}

export const emptyState = (): StoredState => ({
  outputs: new Map(),
  labels: new Map(),
  feedback: new Map(),
  pending: new Map(),
  tickets: new Set(),
  samples: new Set(),
});

/** The ids whose stored state the planner reads, each list sorted (engines lock in this order). */
export interface StateNeeds {
  /** the batch's outputs and the outputs its labels, thumbs and tickets name */
  outputIds: string[];
  /** the outputs labels, thumbs and tickets name */
  referenced: string[];
  ticketIds: string[];
  sampleIds: string[];
}

const sorted = (ids: Iterable<string>) => [...new Set(ids)].sort();

export function stateNeeds(batch: IngestBatch): StateNeeds {
  const referenced: string[] = [];
  for (const { event: e, feature } of batch.label) referenced.push(internalId(feature.id, e.outputId));
  for (const { event: e, feature } of batch.feedback) referenced.push(internalId(feature.id, e.outputId));
  for (const { event: e, feature } of batch.ticket) if (e.outputId) referenced.push(internalId(feature.id, e.outputId));
  return {
    outputIds: sorted([...batch.output.map(({ event: e, feature }) => internalId(feature.id, e.id)), ...referenced]),
    referenced: sorted(referenced),
    ticketIds: sorted(batch.ticket.map(({ event: e, feature }) => internalId(feature.id, e.id))),
    sampleIds: sorted(batch.accuracy.map(({ event: e, feature }) => internalId(feature.id, e.id))),
  };
}

/** Changes to stored rows: what a batch (or an undone verdict) writes, whichever the engine. */
export interface WritePlan {
  /** new rows (their ids were not stored) */
  outputs: OutputRow[];
  tickets: TicketRow[];
  samples: SampleRow[];
  /** rows replaced or added by key (Label: output × source; Feedback, ReviewVerdict: output) */
  labels: LabelRow[];
  feedback: FeedbackRow[];
  verdicts: VerdictRow[];
  labelDeletes: { outputId: string; source: LabelSource }[];
  verdictDeletes: string[];
  /** the review queue: items that join it, leave it, or change their reasons */
  pendingInserts: PendingRow[];
  pendingDeletes: string[];
  pendingFlags: { outputId: string; flags: number; priority: number }[];
  /** every rollup (minute, hour, slice, source, judge, model, first sightings) */
  deltas: ModelRollupDeltas;
  /** the outputs whose weekly-review candidate row must be read again */
  candidates: CandidateChanges;
}

export const emptyWritePlan = (): WritePlan => ({
  outputs: [],
  tickets: [],
  samples: [],
  labels: [],
  feedback: [],
  verdicts: [],
  labelDeletes: [],
  verdictDeletes: [],
  pendingInserts: [],
  pendingDeletes: [],
  pendingFlags: [],
  deltas: new ModelRollupDeltas(),
  candidates: new CandidateChanges(),
});

export interface IngestPlan extends WritePlan {
  accepted: number;
  duplicates: number;
  /** the features the batch changed (alert evaluation, streams) */
  touched: Set<string>;
  rejected: Rejection[];
}

/** The review queue as the batch leaves it, diffed against the stored items at the end. */
class Queue {
  readonly items: Map<string, PendingRow>;
  constructor(private readonly stored: Map<string, PendingRow>) {
    this.items = new Map(stored);
  }
  add(row: PendingRow) {
    this.items.set(row.outputId, row);
  }
  remove(outputId: string) {
    this.items.delete(outputId);
  }
  /** Sets `set` and clears the other `scope` reasons of a waiting item (no-op when it is not waiting). */
  reflag(outputId: string, set: QueueReason[], scope: QueueReason[]) {
    const row = this.items.get(outputId);
    if (!row) return;
    let flags = row.flags;
    for (const r of scope) flags &= ~QUEUE_REASON_BITS[r];
    flags |= flagsOf(set);
    if (flags !== row.flags) this.items.set(outputId, { ...row, flags, priority: queuePriority(row.at, flags) });
  }
  writeTo(plan: WritePlan) {
    for (const [id, row] of this.items) {
      const was = this.stored.get(id);
      if (!was) plan.pendingInserts.push(row);
      else if (was.flags !== row.flags) plan.pendingFlags.push({ outputId: id, flags: row.flags, priority: row.priority });
    }
    for (const id of this.stored.keys()) if (!this.items.has(id)) plan.pendingDeletes.push(id);
  }
}

/** The rows of a batch's outputs (and their queue entries), in batch order: what planIngest builds. */
export const outputDrafts = (batch: IngestBatch, now: number) => batch.output.map(({ event, feature }) => outputRowOf(event, feature, now));

/**
 * The plan of a validated batch against the stored state of what it touches. `drafts`: the batch's
 * output rows when the writer built them already (outputDrafts, to claim their ids before planning).
 */
export function planIngest(batch: IngestBatch, now: number, state: StoredState, drafts = outputDrafts(batch, now)): IngestPlan {
  const plan: IngestPlan = { ...emptyWritePlan(), accepted: 0, duplicates: 0, touched: new Set(), rejected: [] };
  const { deltas, candidates } = plan;
  const outputs = new Map(state.outputs);
  const queue = new Queue(state.pending);
  const accept = (featureId: string) => {
    plan.accepted++;
    plan.touched.add(featureId);
  };
  const unknownOutput = (index: number, clientId: string) =>
    plan.rejected.push({ index, code: "unknown_output", message: `No output with id "${clientId}" is stored for this feature` });

  for (const [i, { feature }] of batch.output.entries()) {
    const { row, pending } = drafts[i];
    if (outputs.has(row.id)) {
      plan.duplicates++;
      continue;
    }
    outputs.set(row.id, storedOutputOf(row));
    plan.outputs.push(row);
    accept(feature.id);
    candidates.inserted.push(row.id);
    deltas.addOutput(keyOfOutput(row), row.confidence, row.presentation, row.inputType, row);
    if (pending) queue.add(pending);
  }

  const verdicts = new Map<string, Partial<Record<LabelSource, StoredVerdict>>>();
  const labels = new Map<string, LabelRow>();
  const reviewVerdicts = new Map<string, VerdictRow>();
  for (const { index, event: e, feature } of batch.label) {
    const id = internalId(feature.id, e.outputId);
    const output = outputs.get(id);
    if (!output) {
      unknownOutput(index, e.outputId);
      continue;
    }
    let stored = verdicts.get(id);
    if (!stored) verdicts.set(id, (stored = { ...state.labels.get(id) }));
    const at = e.timestamp ?? now;
    const mine = stored[e.source];
    // the same verdict, or an older one than stored (a late or resent label): never undoes a newer change
    if (mine !== undefined && (mine.correct === e.correct || at < mine.at)) {
      plan.duplicates++;
      continue;
    }
    const before: Verdicts = {};
    for (const [s, v] of Object.entries(stored)) before[s as LabelSource] = v.correct;
    const randomBefore = randomFlagsOf(output, stored);
    const random = e.sample === "random" && e.source !== "heuristic";
    stored[e.source] = { correct: e.correct, at, random };
    deltas.addLabelChange(
      keyOfOutput(output),
      output.confidence,
      output.inputType,
      before,
      { ...before, [e.source]: e.correct },
      {
        before: randomBefore,
        after: randomFlagsOf(output, stored),
      },
    );
    labels.set(`${id}\u0000${e.source}`, {
      outputId: id,
      source: e.source,
      correct: e.correct,
      featureId: feature.id,
      reviewer: e.reviewer ?? null,
      random,
      at,
      receivedAt: now,
    });
    if (output.review) {
      if (e.source === "human" || e.source === "ground_truth") queue.remove(id);
      if (e.source === "heuristic") queue.reflag(id, e.correct ? [] : ["judge_wrong"], ["judge_wrong"]);
      if (e.source === "human") reviewVerdicts.set(id, { outputId: id, featureId: feature.id, at, waitMs: Math.max(0, at - output.at) });
    }
    candidates.signal(id, !e.correct);
    accept(feature.id);
  }
  plan.labels.push(...labels.values());
  plan.verdicts.push(...reviewVerdicts.values());

  const thumbs = new Map(state.feedback);
  const feedback = new Map<string, FeedbackRow>();
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
    // the same thumb and comment again, or an older thumb than stored: the newest wins
    if (before && ((before.value === e.value && before.comment === comment) || at < before.at)) {
      plan.duplicates++;
      continue;
    }
    if (before?.value !== e.value) {
      if (before) deltas.addFeedback(keyOfOutput(output), before.value, -1, output.inputType);
      deltas.addFeedback(keyOfOutput(output), e.value, 1, output.inputType);
    }
    thumbs.set(id, { value: e.value, comment, at });
    feedback.set(id, { outputId: id, featureId: feature.id, value: e.value, comment, at, receivedAt: now });
    if (output.review) queue.reflag(id, e.value === "down" ? ["thumbs_down"] : [], ["thumbs_down"]);
    candidates.signal(id, e.value === "down");
    accept(feature.id);
  }
  plan.feedback.push(...feedback.values());

  const tickets = new Set(state.tickets);
  for (const { event: e, feature } of batch.ticket) {
    const linked = e.outputId ? outputs.get(internalId(feature.id, e.outputId)) : undefined;
    const row = ticketRowOf(e, feature, linked, now);
    if (tickets.has(row.id)) {
      plan.duplicates++;
      continue;
    }
    tickets.add(row.id);
    plan.tickets.push(row);
    accept(feature.id);
    const critical = e.severity === "critical";
    deltas.addTicket({ featureId: feature.id, phase: row.phase, segment: row.segment, minute: row.minute, model: linked?.model }, critical);
    if (row.outputId) {
      candidates.signal(row.outputId, true);
      if (linked?.review) queue.reflag(row.outputId, critical ? ["ticket", "critical_ticket"] : ["ticket"], []);
    }
  }

  const samples = new Set(state.samples);
  for (const { event: e, feature } of batch.accuracy) {
    const row = sampleRowOf(e, feature, now);
    if (samples.has(row.id)) {
      plan.duplicates++;
      continue;
    }
    samples.add(row.id);
    plan.samples.push(row);
    accept(feature.id);
    deltas.addAccuracySample({ featureId: feature.id, phase: row.phase, segment: row.segment, minute: row.minute }, row.correct, row.total);
  }

  queue.writeTo(plan);
  return plan;
}
