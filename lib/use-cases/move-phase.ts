import { followPhaseFloor } from "../domain/default-rules";
import { AppError, notFound } from "../errors";
import { audit } from "../data/audit";
import { commitChange, recordChange } from "../data/change-feed";
import type { PhaseConfig } from "../data/features";
import { graduationReport } from "../read/graduation";

// Advancing to the next phase, or rolling back to the previous one. Advancing needs the current
// phase's success criteria met — or an explicit override, which the audit log records with the
// criteria it skipped. Phase runs, the feature's current phase, the audit event and the change row
// commit together; after the commit the change feed is caught up, so the decision API of this
// instance already answers with the new phase's audience and threshold when this returns.

export interface PhaseTransitionRequest {
  key: string;
  reason: string;
  /** advance although criteria are not met */
  override?: boolean;
  actor: string;
  now?: number;
}

export interface PhaseTransitionResult {
  feature: string;
  direction: "advance" | "rollback";
  from: string;
  to: string;
  phase: {
    key: string;
    name: string;
    audiencePercent: number;
    segments: string[];
    confidenceThreshold: number;
    reviewRate: number;
    rateLimitPerMinute: number | null;
  };
  overridden: boolean;
  /** what was not met when an override was used */
  unmet: string[];
  reason: string;
  actor: string;
  changedAt: string;
  changeId: number;
}

const decisionView = (p: PhaseConfig) => ({
  key: p.key,
  name: p.name,
  audiencePercent: p.audiencePercent,
  segments: p.segments,
  confidenceThreshold: p.confidenceThreshold,
  reviewRate: p.reviewRate,
  rateLimitPerMinute: p.rateLimitPerMinute,
});

export async function advanceFeature(req: PhaseTransitionRequest): Promise<PhaseTransitionResult> {
  const reason = requireReason(req.reason);
  const now = req.now ?? Date.now();
  const report = await graduationReport(req.key, now);
  if (!report) throw notFound(`No feature with key "${req.key}"`);
  const { feature, phase, next, graduation } = report;
  if (feature.state === "paused") throw new AppError("feature_paused", 409, `"${feature.key}" is paused: resume it before advancing`);
  if (feature.state === "completed") throw new AppError("feature_completed", 409, `"${feature.key}" has completed its rollout`);
  if (!phase || !next || !graduation) throw new AppError("no_next_phase", 409, `"${feature.key}" is in the last phase of its plan`);
  const unmet = graduation.missing;
  if (unmet.length > 0 && !req.override) {
    throw new AppError(
      "criteria_not_met",
      409,
      `${phase.name} is not ready to advance: ${unmet.length} criteri${unmet.length === 1 ? "on is" : "a are"} not met (advance with an override and a reason to proceed anyway)`,
      { missing: unmet },
    );
  }
  return move({
    featureKey: feature.key,
    from: phase,
    to: next,
    direction: "advance",
    overridden: unmet.length > 0,
    unmet,
    reason,
    actor: req.actor,
    now,
  });
}

export async function rollbackFeature(req: PhaseTransitionRequest): Promise<PhaseTransitionResult> {
  const reason = requireReason(req.reason);
  const now = req.now ?? Date.now();
  const report = await graduationReport(req.key, now);
  if (!report) throw notFound(`No feature with key "${req.key}"`);
  const { feature, phase, previous } = report;
  if (feature.state === "completed") throw new AppError("feature_completed", 409, `"${feature.key}" has completed its rollout`);
  if (!phase || !previous) throw new AppError("no_previous_phase", 409, `"${feature.key}" is in the first phase of its plan`);
  return move({
    featureKey: feature.key,
    from: phase,
    to: previous,
    direction: "rollback",
    overridden: false,
    unmet: [],
    reason,
    actor: req.actor,
    now,
  });
}

function requireReason(reason: string) {
  const r = reason.trim();
  if (!r) throw new AppError("reason_required", 400, "A reason is required");
  return r;
}

interface Move {
  featureKey: string;
  from: PhaseConfig;
  to: PhaseConfig;
  direction: "advance" | "rollback";
  overridden: boolean;
  unmet: string[];
  reason: string;
  actor: string;
  now: number;
}

async function move(m: Move): Promise<PhaseTransitionResult> {
  const at = new Date(m.now);
  const changeId = await commitChange(async (tx) => {
    const feature = await tx.feature.findUnique({ where: { key: m.featureKey } });
    if (!feature) throw notFound(`No feature with key "${m.featureKey}"`);
    if (feature.currentPhaseId !== m.from.id) {
      throw new AppError("phase_changed", 409, `"${m.featureKey}" changed phase meanwhile; reload and try again`);
    }
    await tx.phase.update({ where: { id: m.from.id }, data: { endedAt: at } });
    await tx.phase.update({ where: { id: m.to.id }, data: { startedAt: at, endedAt: null } });
    await tx.feature.update({ where: { id: feature.id }, data: { currentPhaseId: m.to.id } });
    await tx.phaseRun.updateMany({
      where: { featureId: feature.id, endedAt: null },
      data: { endedAt: at, outcome: m.direction === "advance" ? "advanced" : "rolled_back" },
    });
    await tx.phaseRun.create({ data: { featureId: feature.id, phaseKey: m.to.key, startedAt: at, startedBy: m.actor } });
    // the default floor rule follows the new phase's floor (a rule an admin changed stays theirs)
    for (const rule of await tx.alertRule.findMany({
      where: { featureId: feature.id, metric: { in: ["accuracy_floor", "accuracy"] }, phase: null, deletedAt: null },
    })) {
      const followed = followPhaseFloor(
        { ...rule, params: JSON.parse(rule.params) },
        m.from.successCriteria.accuracyMin,
        m.to.successCriteria.accuracyMin,
      );
      if (!followed) continue;
      await tx.alertRule.update({ where: { id: rule.id }, data: { name: followed.name, params: JSON.stringify(followed.params) } });
      await audit(tx, {
        actor: m.actor,
        action: "rule.follow_phase",
        target: `${m.featureKey}/${rule.id}`,
        reason: `${m.direction === "advance" ? "Advanced" : "Rolled back"} to ${m.to.name}: the default floor rule follows its floor`,
        before: { name: rule.name, params: JSON.parse(rule.params) },
        after: followed,
        at,
      });
    }
    await audit(tx, {
      actor: m.actor,
      action: m.direction === "rollback" ? "feature.rollback" : m.overridden ? "feature.advance_override" : "feature.advance",
      target: m.featureKey,
      reason: m.reason,
      before: { phase: decisionView(m.from) },
      after: { phase: decisionView(m.to), ...(m.overridden ? { override: true, unmet: m.unmet } : {}) },
      at,
    });
    return recordChange(tx, {
      featureKey: m.featureKey,
      type: "phase_changed",
      payload: {
        direction: m.direction,
        from: m.from.key,
        to: m.to.key,
        ...decisionView(m.to),
        overridden: m.overridden,
        reason: m.reason,
        actor: m.actor,
      },
    });
  });
  return {
    feature: m.featureKey,
    direction: m.direction,
    from: m.from.key,
    to: m.to.key,
    phase: decisionView(m.to),
    overridden: m.overridden,
    unmet: m.unmet,
    reason: m.reason,
    actor: m.actor,
    changedAt: at.toISOString(),
    changeId,
  };
}
