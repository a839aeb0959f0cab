import { dbReady } from "../db";
import { emptyBatch, type IngestBatch } from "../domain/ingest-plan";
import type { VerdictBefore } from "../domain/verdict-revert";
import { describeIssues, EARLIEST_TIMESTAMP_MS, ZEvent, type IngestEvent, type IngestResult, type Rejection } from "../schemas/events";
import { ingestWriter } from "../store/ingest-writer";
import { decisionSnapshot } from "../decision/decision-snapshot";
import { featuresByKeys, type FeatureConfig } from "../data/features";
import { olderThanRetention } from "../domain/retention";
import { retentionDays } from "../data/retention";

export type { VerdictBefore } from "../domain/verdict-revert";

// The write path: validate each event and resolve its feature here; then one transaction per batch
// in which the engine's writer (lib/store/ingest-writer.ts) loads the stored state the batch
// touches, the planner (lib/domain/ingest-plan.ts: every per-event rule) says what changes, and the
// writer stores it set-based. The promise resolves only after the commit, so a 2xx means durable.

// On globalThis: Next.js may load this module once for instrumentation and again for routes.
const gl = globalThis as unknown as { rollguardIngestListeners?: Set<(featureIds: string[]) => void> };
const listeners = (gl.rollguardIngestListeners ??= new Set());

/** Called after every committed batch with the features it touched (alert evaluation, streams). */
export function onIngested(listener: (featureIds: string[]) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

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
export async function ingestEvents(
  events: unknown[],
  now = Date.now(),
  restriction?: string | null | IngestRestriction,
): Promise<IngestResult> {
  const only: IngestRestriction =
    typeof restriction === "string" ? { featureIds: [restriction], types: null } : (restriction ?? { featureIds: null, types: null });
  const rejected: Rejection[] = [];
  const parsed: { index: number; event: IngestEvent }[] = [];
  events.forEach((raw, index) => {
    const result = ZEvent.safeParse(raw);
    if (!result.success) return void rejected.push({ index, code: "invalid_event", message: describeIssues(result.error) });
    const t = result.data.timestamp;
    if (t !== undefined && !(t >= EARLIEST_TIMESTAMP_MS)) {
      return void rejected.push({
        index,
        code: "timestamp_out_of_range",
        message: `timestamp: ${Number.isFinite(t) ? new Date(t).toISOString() : "not a real date"} is before 2000-01-01 or not a date; send the time the event happened`,
      });
    }
    if (t !== undefined && result.data.type !== "label" && result.data.type !== "feedback" && olderThanRetention(t, now, retentionDays())) {
      return void rejected.push({
        index,
        code: "older_than_retention",
        message: `timestamp: ${new Date(t).toISOString()} is older than this server keeps raw events (${retentionDays()} days); it may have been stored and purged already, so it is not counted again`,
      });
    }
    parsed.push({ index, event: result.data });
  });

  await dbReady();
  const features = await featureConfigs([...new Set(parsed.map((p) => p.event.feature))]);
  const batch: IngestBatch = emptyBatch();
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
    (batch[event.type] as { index: number; event: IngestEvent; feature: FeatureConfig }[]).push({ index, event, feature });
  }

  const { accepted, duplicates, touched, rejected: unknown } = await ingestWriter().ingest(batch, now);
  rejected.push(...unknown);
  if (touched.size > 0) for (const l of listeners) l([...touched]);
  rejected.sort((a, b) => a.index - b.index);
  return { accepted, duplicates, rejected };
}

/** The state a queue verdict will replace. */
export async function verdictBefore(outputId: string): Promise<VerdictBefore> {
  await dbReady();
  return ingestWriter().verdictBefore(outputId);
}

/**
 * Puts back what a human verdict replaced, in one transaction (lib/domain/verdict-revert.ts): the
 * human label (or none), the queue row and the latency row, and the exact reverse of the rollup
 * change. `expected` is the verdict being undone: when the human label is no longer that one
 * (someone judged the output again since), nothing changes and false comes back.
 */
export async function revertHumanVerdict(outputId: string, expected: boolean, before: VerdictBefore): Promise<boolean> {
  await dbReady();
  const featureId = await ingestWriter().revertHumanVerdict(outputId, expected, before);
  if (featureId === null) return false;
  for (const l of listeners) l([featureId]);
  return true;
}
