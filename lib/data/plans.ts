import type { PhasePlan } from "../domain/plan";
import { AppError, notFound } from "../errors";
import { audit } from "./audit";
import { commitChange, recordChange } from "./change-feed";
import { phaseRow, type PhaseConfig } from "./features";
import { assertSegmentsExist } from "./segments";

// Editing a feature's phase plan. Phases up to the current one are history (outputs carry their
// phase key), so they keep their keys and order, though their settings may change; later phases
// may be added, removed and reordered freely. A change to the current phase's decision settings
// reaches the decision API at once through the change feed.

export function planOf(phases: PhaseConfig[]): PhasePlan[] {
  return phases.map((p) => ({
    key: p.key,
    name: p.name,
    audiencePercent: p.audiencePercent,
    segments: p.segments,
    confidenceThreshold: p.confidenceThreshold,
    reviewRate: p.reviewRate,
    rateLimitPerMinute: p.rateLimitPerMinute,
    minDurationDays: p.minDurationDays,
    successCriteria: p.successCriteria,
    expertReview: p.expertReview,
    educationalOnly: p.educationalOnly,
    rationale: p.rationale,
    inputTypes: p.inputTypes,
    lowConfidence: p.lowConfidence,
    disclosure: p.disclosure,
  }));
}

type StoredPhase = {
  key: string;
  audiencePercent: number;
  segments: string;
  confidenceThreshold: number;
  reviewRate: number;
  rateLimitPerMinute: number | null;
  inputTypes: string;
  lowConfidence: string;
  educationalOnly: boolean;
  expertReview: string;
  disclosure: string;
};
/** What the decision API serves of a phase (its answer and its flagMetadata). */
const decisionView = (p: StoredPhase | PhasePlan) => ({
  audiencePercent: p.audiencePercent,
  segments: typeof p.segments === "string" ? (JSON.parse(p.segments) as string[]) : p.segments,
  confidenceThreshold: p.confidenceThreshold,
  reviewRate: p.reviewRate,
  rateLimitPerMinute: p.rateLimitPerMinute,
  inputTypes: typeof p.inputTypes === "string" ? (JSON.parse(p.inputTypes) as string[]) : (p.inputTypes ?? []),
  lowConfidence: p.lowConfidence ?? "fallback",
  educationalOnly: p.educationalOnly ?? false,
  expertReview: p.expertReview ?? "",
  disclosure: p.disclosure ?? "",
});

export async function updatePlan(featureKey: string, phases: PhasePlan[], actor: string): Promise<{ feature: string; phases: number; currentPhaseChanged: boolean }> {
  const result = await commitChange(async (tx) => {
    const feature = await tx.feature.findUnique({ where: { key: featureKey }, include: { phases: { orderBy: { position: "asc" } } } });
    if (!feature) throw notFound(`No feature with key "${featureKey}"`);
    const old = feature.phases;
    const ci = Math.max(0, old.findIndex((p) => p.id === feature.currentPhaseId));
    const locked = old.slice(0, ci + 1).map((p) => p.key);
    if (locked.some((k, i) => phases[i]?.key !== k)) {
      throw new AppError("plan_history_locked", 409, `The phases up to the current one (${locked.join(", ")}) keep their keys and order; change their settings or the phases after them`, { locked });
    }
    await assertSegmentsExist(tx, phases.flatMap((p) => p.segments));
    const keep = new Set(phases.map((p) => p.key));
    const removed = old.filter((p) => !keep.has(p.key));
    if (removed.length) await tx.phase.deleteMany({ where: { id: { in: removed.map((p) => p.id) } } });
    // Park the remaining rows on negative positions so that renumbering never collides.
    for (const [i, p] of old.filter((p) => keep.has(p.key)).entries()) await tx.phase.update({ where: { id: p.id }, data: { position: -1 - i } });
    for (const [position, p] of phases.entries()) {
      const data = phaseRow(p, position);
      await tx.phase.upsert({ where: { featureId_key: { featureId: feature.id, key: p.key } }, create: { featureId: feature.id, key: p.key, ...data }, update: data });
    }
    const before = old.map((p) => ({
      key: p.key,
      name: p.name,
      ...decisionView(p),
      minDurationDays: p.minDurationDays,
      successCriteria: JSON.parse(p.successCriteria) as unknown,
      expertReview: p.expertReview,
      educationalOnly: p.educationalOnly,
      rationale: p.rationale,
    }));
    const current = old[ci];
    const currentBefore = current ? decisionView(current) : null;
    const currentAfter = current ? decisionView(phases[ci]!) : null;
    const currentPhaseChanged = JSON.stringify(currentBefore) !== JSON.stringify(currentAfter);
    await audit(tx, { actor, action: "plan.update", target: featureKey, before, after: phases });
    await recordChange(tx, {
      featureKey,
      type: currentPhaseChanged ? "threshold_changed" : "feature_changed",
      payload: currentPhaseChanged ? { phase: current!.key, before: currentBefore, after: currentAfter } : { plan: true },
    });
    return { feature: featureKey, phases: phases.length, currentPhaseChanged };
  });
  return result;
}
