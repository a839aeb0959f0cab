import { minuteOf } from "./buckets";
import type { ModelKeyed } from "./model-rollup";
import type { LowConfidenceMode } from "./plan";
import { isShown, presentationOf, type Presentation } from "./presentation";
import { entryFlags, queuePriority } from "./queue-priority";
import type { LabelSource } from "./rollup";
import { sampledForReview } from "./targeting";
import type { AccuracyEvent, OutputEvent, TicketEvent } from "../schemas/events";

// The rows ingest stores, as plain objects named by their columns, and how an event becomes one.
// Pure: the planner (ingest-plan.ts) builds every row with these, and the PostgreSQL writer claims
// a batch's new ids with the very same rows before it plans (lib/store/postgres/ingest-writer.ts).

/** What the planner needs of a feature (lib/data/features.ts FeatureConfig has it all). */
export interface PlanFeature {
  id: string;
  key: string;
  phases: readonly PlanPhase[];
  currentPhase: PlanPhase | null;
}
export interface PlanPhase {
  key: string;
  reviewRate: number;
  confidenceThreshold: number;
  lowConfidence: LowConfidenceMode;
}

/** The stored id of a client's event id: ids are unique per feature. */
export const internalId = (featureId: string, clientId: string) => `${featureId}:${clientId}`;

export interface OutputRow {
  id: string;
  featureId: string;
  clientId: string;
  phase: string;
  segment: string;
  unit: string | null;
  /** null: sent without one */
  confidence: number | null;
  shown: boolean;
  presentation: Presentation;
  inputType: string | null;
  model: string | null;
  input: string | null;
  output: string | null;
  review: boolean;
  /** picked by the phase's review-rate sampling (not by the product): a random-sample output */
  sampled: boolean;
  at: number;
  minute: number;
  receivedAt: number;
  /** token usage and duration of the generation, when sent */
  inputTokens: number | null;
  outputTokens: number | null;
  durationMs: number | null;
}

export interface TicketRow {
  id: string;
  featureId: string;
  outputId: string | null;
  phase: string;
  segment: string;
  severity: string;
  subject: string | null;
  at: number;
  minute: number;
  receivedAt: number;
}

export interface SampleRow {
  id: string;
  featureId: string;
  phase: string;
  segment: string;
  correct: number;
  total: number;
  at: number;
  minute: number;
  receivedAt: number;
}

export interface LabelRow {
  outputId: string;
  source: LabelSource;
  correct: boolean;
  featureId: string;
  reviewer: string | null;
  /** sent as `"sample": "random"`: a person's verdict on a random sample */
  random: boolean;
  at: number;
  receivedAt: number;
}

export interface FeedbackRow {
  outputId: string;
  featureId: string;
  value: "up" | "down";
  comment: string | null;
  at: number;
  receivedAt: number;
}

/** A waiting item of the review queue (lib/domain/queue-priority.ts for flags and priority). */
export interface PendingRow {
  outputId: string;
  featureId: string;
  at: number;
  phase: string;
  segment: string;
  inputType: string | null;
  confidence: number | null;
  flags: number;
  priority: number;
}

/** A human verdict on an output flagged for review: the review latency figures read these. */
export interface VerdictRow {
  outputId: string;
  featureId: string;
  at: number;
  waitMs: number;
}

/** What the rules need to know of a stored output. */
export interface StoredOutput {
  id: string;
  featureId: string;
  phase: string;
  segment: string;
  minute: number;
  confidence: number | null;
  inputType: string | null;
  model: string | null;
  /** flagged for human review */
  review: boolean;
  /** sampled by the phase's review rate: its person verdicts are random-sample ones */
  sampled: boolean;
  at: number;
}

export const OUTPUT_COLUMNS = [
  "id",
  "featureId",
  "clientId",
  "phase",
  "segment",
  "unit",
  "confidence",
  "shown",
  "presentation",
  "inputType",
  "model",
  "input",
  "output",
  "review",
  "sampled",
  "at",
  "minute",
  "receivedAt",
  "inputTokens",
  "outputTokens",
  "durationMs",
] as const satisfies readonly (keyof OutputRow)[];
export const TICKET_COLUMNS = [
  "id",
  "featureId",
  "outputId",
  "phase",
  "segment",
  "severity",
  "subject",
  "at",
  "minute",
  "receivedAt",
] as const satisfies readonly (keyof TicketRow)[];
export const SAMPLE_COLUMNS = [
  "id",
  "featureId",
  "phase",
  "segment",
  "correct",
  "total",
  "at",
  "minute",
  "receivedAt",
] as const satisfies readonly (keyof SampleRow)[];
export const LABEL_COLUMNS = [
  "outputId",
  "source",
  "correct",
  "featureId",
  "reviewer",
  "random",
  "at",
  "receivedAt",
] as const satisfies readonly (keyof LabelRow)[];
export const FEEDBACK_COLUMNS = [
  "outputId",
  "featureId",
  "value",
  "comment",
  "at",
  "receivedAt",
] as const satisfies readonly (keyof FeedbackRow)[];
export const PENDING_COLUMNS = [
  "outputId",
  "featureId",
  "at",
  "phase",
  "segment",
  "inputType",
  "confidence",
  "flags",
  "priority",
] as const satisfies readonly (keyof PendingRow)[];
export const VERDICT_COLUMNS = ["outputId", "featureId", "at", "waitMs"] as const satisfies readonly (keyof VerdictRow)[];

/** The phase an event counts under: the one it names, else the feature's current one. */
const phaseOf = (named: string | undefined, feature: PlanFeature) => named ?? feature.currentPhase?.key ?? "default";

/** An output event's row, and its review-queue entry when it goes to human review. */
export function outputRowOf(e: OutputEvent, feature: PlanFeature, now: number): { row: OutputRow; pending: PendingRow | null } {
  const id = internalId(feature.id, e.id);
  const phase = phaseOf(e.phase, feature);
  const phaseConfig = feature.phases.find((p) => p.key === phase);
  // The product says whether this output goes to human review (the decision's humanReview); when
  // it does not, the phase's review rate samples it by the same hash the decision API uses.
  const sampled = e.review === undefined && sampledForReview(feature.key, e.id, phaseConfig?.reviewRate ?? 0);
  const review = e.review ?? sampled;
  const at = e.timestamp ?? now;
  const segment = e.segment ?? "default";
  const presentation = presentationOf(e, phaseConfig);
  const row: OutputRow = {
    id,
    featureId: feature.id,
    clientId: e.id,
    phase,
    segment,
    unit: e.unit ?? null,
    confidence: e.confidence ?? null,
    shown: isShown(presentation),
    presentation,
    inputType: e.inputType ?? null,
    model: e.model ?? null,
    input: e.input ?? null,
    output: e.output ?? null,
    review,
    sampled,
    at,
    minute: minuteOf(at),
    receivedAt: now,
    inputTokens: e.inputTokens ?? null,
    outputTokens: e.outputTokens ?? null,
    durationMs: e.durationMs ?? null,
  };
  if (!review) return { row, pending: null };
  const flags = entryFlags({ confidence: row.confidence, askedByProduct: e.review === true });
  const pending: PendingRow = {
    outputId: id,
    featureId: feature.id,
    at,
    phase,
    segment,
    inputType: row.inputType,
    confidence: row.confidence,
    flags,
    priority: queuePriority(at, flags),
  };
  return { row, pending };
}

/** The stored form of a new output's row. */
export const storedOutputOf = (r: OutputRow): StoredOutput => ({
  id: r.id,
  featureId: r.featureId,
  phase: r.phase,
  segment: r.segment,
  minute: r.minute,
  confidence: r.confidence,
  inputType: r.inputType,
  model: r.model,
  review: r.review,
  sampled: r.sampled,
  at: r.at,
});

/**
 * A ticket's row: it counts at its own time, in the phase of the output it names (when that output
 * is stored by then) and in the segment it names, else the output's.
 */
export function ticketRowOf(e: TicketEvent, feature: PlanFeature, linked: StoredOutput | undefined, now: number): TicketRow {
  const at = e.timestamp ?? now;
  return {
    id: internalId(feature.id, e.id),
    featureId: feature.id,
    outputId: e.outputId ? internalId(feature.id, e.outputId) : null,
    phase: linked?.phase ?? phaseOf(undefined, feature),
    segment: e.segment ?? linked?.segment ?? "default",
    severity: e.severity,
    subject: e.subject ?? null,
    at,
    minute: minuteOf(at),
    receivedAt: now,
  };
}

export function sampleRowOf(e: AccuracyEvent, feature: PlanFeature, now: number): SampleRow {
  const at = e.timestamp ?? now;
  return {
    id: internalId(feature.id, e.id),
    featureId: feature.id,
    phase: phaseOf(e.phase, feature),
    segment: e.segment ?? "default",
    correct: e.correct,
    total: e.total,
    at,
    minute: minuteOf(at),
    receivedAt: now,
  };
}

/** The rollup key an output's later signals count under: its own time, phase, segment and model. */
export const keyOfOutput = (o: StoredOutput): ModelKeyed => ({
  featureId: o.featureId,
  phase: o.phase,
  segment: o.segment,
  minute: o.minute,
  model: o.model,
});
