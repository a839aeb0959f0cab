import * as crypto from "node:crypto";
import type { LowConfidenceMode } from "./plan";

// Who gets the AI answer: deterministic bucketing, segment allow-lists, the phase's rate limit and
// human-review sampling. Pure: the caller passes the feature's configuration, the evaluation
// context, the clock and the rate-limit counter it keeps in memory.

export const BUCKETS = 10_000;

/**
 * The unit's bucket 0..9999 for one feature. SHA-256 (not Math.random, not a per-process seed) so
 * that every instance and every restart puts a unit in the same bucket; the feature key is part of
 * the input so that a unit is not in the first 5 % of every feature at once. The salt separates
 * independent draws (audience vs human review) for the same unit.
 */
export function bucketOf(featureKey: string, unit: string, salt = "audience"): number {
  return sha256(`${salt}\u0000${featureKey}\u0000${unit}`).readUInt32BE(0) % BUCKETS;
}

// one-shot hashing where node has it (20.12+: no Hash object per call), the same digest either way
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: "buffer") => Buffer }).hash;
const sha256 = (s: string): Buffer => (oneShot ? oneShot("sha256", s, "buffer") : crypto.createHash("sha256").update(s).digest());

/**
 * In the audience when the bucket is below audience % of the buckets. Monotone: a unit that is in
 * at 5 % is in at 25 % and at 100 %, because its bucket does not change and the bar only rises.
 */
export function inAudience(bucket: number, audiencePercent: number): boolean {
  const bar = Math.round(Math.min(100, Math.max(0, audiencePercent)) * (BUCKETS / 100));
  return bucket < bar;
}

/** An empty allow-list admits every segment; otherwise the context must name a listed one. */
export function segmentAllowed(allowed: readonly string[], segment: string | undefined): boolean {
  return allowed.length === 0 || (segment !== undefined && allowed.includes(segment));
}

/** Human review is drawn with its own salt, so being sampled does not depend on being in the audience. */
export function sampledForReview(featureKey: string, reviewKey: string, reviewRate: number): boolean {
  if (reviewRate <= 0) return false;
  if (reviewRate >= 1) return true;
  return bucketOf(featureKey, reviewKey, "review") < Math.round(reviewRate * BUCKETS);
}

/** A fixed one-minute window counter; the caller keeps one per feature phase in memory. */
export interface RateWindow {
  windowStart: number;
  count: number;
}

export const newRateWindow = (): RateWindow => ({ windowStart: 0, count: 0 });

/**
 * Takes one admission from the window at `now` (ms). Returns false when the phase already served
 * `limit` AI answers in the current minute. Only admitted answers count: a fallback costs nothing.
 */
export function takeFromWindow(w: RateWindow, limit: number | null, now: number): boolean {
  if (limit === null) return true;
  const start = now - (now % 60_000);
  if (w.windowStart !== start) {
    w.windowStart = start;
    w.count = 0;
  }
  if (w.count >= limit) return false;
  w.count++;
  return true;
}

/** Milliseconds until the window of `now` ends (for a client that wants to know when to retry). */
export const msUntilNextWindow = (now: number) => 60_000 - (now % 60_000);

export interface DecisionPhase {
  id: string;
  key: string;
  audiencePercent: number;
  segments: string[];
  confidenceThreshold: number;
  reviewRate: number;
  rateLimitPerMinute: number | null;
  /** the input types (task kinds) the phase serves; empty = every type */
  inputTypes: string[];
  lowConfidence: LowConfidenceMode;
  educationalOnly: boolean;
  expertReview: string;
  disclosure: string;
}

export interface DecisionFeature {
  id: string;
  key: string;
  state: string; // running | paused | completed
  phase: DecisionPhase | null;
}

export interface DecisionContext {
  targetingKey?: string;
  segment?: string;
  /** when present, review sampling is per output rather than per unit */
  outputId?: string;
  /** the kind of task asked for; checked against the phase's input types */
  inputType?: string;
}

/** An empty list admits every input type; otherwise the context must name a listed one. */
export function inputTypeAllowed(allowed: readonly string[], inputType: string | undefined): boolean {
  return allowed.length === 0 || (inputType !== undefined && allowed.includes(inputType));
}

/** OpenFeature resolution reasons that this service gives. */
export type DecisionReason = "TARGETING_MATCH" | "DEFAULT" | "DISABLED" | "STATIC";

export interface Decision {
  key: string;
  value: boolean;
  variant: "ai" | "fallback";
  reason: DecisionReason;
  /** OFREP flagMetadata: flat strings, numbers and booleans only (README, "What the decision carries") */
  metadata: {
    phase: string | null;
    confidenceThreshold: number | null;
    /** below the threshold: fallback | ask | flag */
    lowConfidence: LowConfidenceMode;
    /** the phase's input types, comma-separated; "" = every type */
    inputTypes: string;
    educationalOnly: boolean;
    /** who checks an answer before it takes effect; "" = nobody */
    expertReview: string;
    /** text to show beside the answer; "" = none */
    disclosure: string;
    humanReview: boolean;
    /** why the answer is what it is, e.g. "outside_audience" or "input_type_not_enabled" */
    detail: string;
  };
}

export type DecideResult = { ok: true; decision: Decision } | { ok: false; errorCode: "TARGETING_KEY_MISSING"; errorDetails: string };

/**
 * The answer to "should this unit get the AI answer now?". A paused feature answers false for
 * everyone without looking at the context; otherwise the unit must be in an allowed segment, ask
 * for an input type the phase serves, be in the audience and within the phase's rate limit. `window` is consumed only for an AI answer.
 */
export function decide(feature: DecisionFeature, context: DecisionContext, window: RateWindow | null, now: number): DecideResult {
  const phase = feature.phase;
  if (feature.state === "paused") return answerOf(feature, false, "DISABLED", "paused", false);
  if (!phase) return answerOf(feature, false, "DEFAULT", "no_phase", false);
  const unit = context.targetingKey;
  if (!unit) return { ok: false, errorCode: "TARGETING_KEY_MISSING", errorDetails: "context.targetingKey (the unit) is required" };
  const review = () => sampledForReview(feature.key, context.outputId ?? unit, phase.reviewRate);
  // A kind of task the phase does not serve yet: the rule matched and chose the fallback variant.
  // Task kinds are not people: a completed rollout still serves only the kinds its last phase lists.
  if (!inputTypeAllowed(phase.inputTypes, context.inputType)) {
    return answerOf(
      feature,
      false,
      "TARGETING_MATCH",
      context.inputType === undefined ? "input_type_missing" : "input_type_not_enabled",
      false,
    );
  }
  // A completed rollout serves everyone; review sampling still applies.
  if (feature.state === "completed") return answerOf(feature, true, "STATIC", "completed", review());
  if (!segmentAllowed(phase.segments, context.segment)) return answerOf(feature, false, "DEFAULT", "segment_not_allowed", false);
  if (!inAudience(bucketOf(feature.key, unit), phase.audiencePercent))
    return answerOf(feature, false, "DEFAULT", "outside_audience", false);
  if (window && !takeFromWindow(window, phase.rateLimitPerMinute, now)) return answerOf(feature, false, "DEFAULT", "rate_limited", false);
  return answerOf(feature, true, "TARGETING_MATCH", "in_audience", review());
}

/**
 * A feature's answers are few (one per detail, with or without human review) and depend on its
 * configuration only: each is built once per feature object (a new snapshot brings new objects)
 * and shared, frozen, by every decision that gives it (issue 24: no per-request allocation).
 */
const answers = new WeakMap<DecisionFeature, [Map<string, DecideResult>, Map<string, DecideResult>]>();

function answerOf(feature: DecisionFeature, value: boolean, reason: DecisionReason, detail: string, humanReview: boolean): DecideResult {
  let byReview = answers.get(feature);
  if (!byReview) answers.set(feature, (byReview = [new Map(), new Map()]));
  const known = byReview[humanReview ? 1 : 0];
  // in decide() each detail has one value and one reason: the detail names the answer
  let result = known.get(detail);
  if (!result) {
    const phase = feature.phase;
    const decision: Decision = {
      key: feature.key,
      value,
      variant: value ? "ai" : "fallback",
      reason,
      metadata: Object.freeze({
        phase: phase?.key ?? null,
        confidenceThreshold: phase?.confidenceThreshold ?? null,
        lowConfidence: phase?.lowConfidence ?? "fallback",
        inputTypes: phase?.inputTypes.join(",") ?? "",
        educationalOnly: phase?.educationalOnly ?? false,
        expertReview: phase?.expertReview ?? "",
        disclosure: phase?.disclosure ?? "",
        humanReview,
        detail,
      }),
    };
    result = Object.freeze({ ok: true as const, decision: Object.freeze(decision) });
    known.set(detail, result);
  }
  return result;
}
