import { createHash } from "node:crypto";
import { decide, type Decision } from "../domain/targeting";
import type { OfrepContext } from "../schemas/ofrep";
import { rateWindow, type DecisionSnapshot } from "./decision-snapshot";

// Answers OFREP evaluations from the in-memory snapshot: no database access here.

export type FlagResult =
  { status: 200; body: Decision } | { status: 400 | 404; body: { key: string; errorCode: string; errorDetails: string } };

/** One flag for a dynamic context; an AI answer spends one unit of the phase's rate limit. */
export function evaluateFlag(snapshot: DecisionSnapshot, key: string, context: OfrepContext, now: number): FlagResult {
  const feature = snapshot.features.get(key);
  if (!feature) return { status: 404, body: { key, errorCode: "FLAG_NOT_FOUND", errorDetails: `No feature with key "${key}"` } };
  const r = decide(feature, context, feature.phase ? rateWindow(feature.phase.id) : null, now);
  return r.ok ? { status: 200, body: r.decision } : { status: 400, body: { key, errorCode: r.errorCode, errorDetails: r.errorDetails } };
}

const texts = new WeakMap<Decision, string>();

/**
 * The JSON of a decision: decisions are shared per feature and answer (lib/domain/targeting.ts),
 * so each is serialised once, not per request (issue 24).
 */
export function decisionText(decision: Decision): string {
  let text = texts.get(decision);
  if (text === undefined) texts.set(decision, (text = JSON.stringify(decision)));
  return text;
}

/**
 * Every flag the key may see, for a static context (a client that evaluates once and polls with
 * ETag). Rate limits are per request and do not apply here: a bulk answer is cached client-side,
 * and spending the limit on it would make the ETag change without any configuration change.
 * `extra` fields (the advertised `eventStreams`) are part of the body and so of the ETag.
 */
export function evaluateAllFlags(
  snapshot: DecisionSnapshot,
  context: OfrepContext,
  onlyFeatureIds: readonly string[] | null,
  now: number,
  extra: Record<string, unknown> = {},
) {
  const flags: (Decision | { key: string; errorCode: string; errorDetails: string })[] = [];
  const decisions: { featureId: string; decision: Decision }[] = [];
  for (const feature of snapshot.features.values()) {
    if (onlyFeatureIds && !onlyFeatureIds.includes(feature.id)) continue;
    const r = decide(feature, context, null, now);
    flags.push(r.ok ? r.decision : { key: feature.key, errorCode: r.errorCode, errorDetails: r.errorDetails });
    if (r.ok) decisions.push({ featureId: feature.id, decision: r.decision });
  }
  const body = JSON.stringify({ flags, ...extra });
  const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
  return { body, etag, decisions };
}
