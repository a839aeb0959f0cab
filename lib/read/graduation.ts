import { db } from "../db";
import { evaluateGraduation, type Graduation, type PhaseEvidence } from "../domain/graduation";
import { readinessItems, requiredSignOffs } from "../domain/readiness";
import { inputTypeEvidence, type InputTypeEvidence } from "../domain/input-type-evidence";
import { checklistOf } from "../data/checklists";
import { errorSlices } from "./metrics";
import { featureByKey, type FeatureConfig, type PhaseConfig } from "../data/features";
import { planOf } from "../data/plans";
import { rollupTotals } from "./rollup-reader";

// The live evidence for the current phase — this run of it, from its start — and its verdict.
// Sums rollup rows only, like the dashboard.

export interface PhaseCounts {
  outputs: number;
  labelled: number;
  correct: number;
  thumbsUp: number;
  thumbsDown: number;
  criticalTickets: number;
}

const PHASE_COUNTERS = ["outputs", "labelled", "correct", "thumbsUp", "thumbsDown", "criticalTickets"] as const;

export async function phaseCounts(featureId: string, phaseKey: string, since: Date): Promise<PhaseCounts> {
  const fromMinute = Math.floor(since.getTime() / 60_000);
  const n = await rollupTotals({ featureId, phase: phaseKey, fromMinute, toMinute: Math.ceil(Date.now() / 60_000) + 5 }, PHASE_COUNTERS);
  return {
    outputs: n.outputs!,
    labelled: n.labelled!,
    correct: n.correct!,
    thumbsUp: n.thumbsUp!,
    thumbsDown: n.thumbsDown!,
    criticalTickets: n.criticalTickets!,
  };
}

export interface GraduationReport {
  feature: FeatureConfig;
  phase: PhaseConfig | null;
  next: PhaseConfig | null;
  previous: PhaseConfig | null;
  counts: PhaseCounts;
  graduation: Graduation | null;
  /** reasons an advance is refused whatever the evidence (paused, last phase, ...) */
  blockers: string[];
  /** accuracy by input type in this run of the phase, against its floor */
  byInputType: InputTypeEvidence[];
}

export async function graduationReport(featureOrKey: string | FeatureConfig, now = Date.now()): Promise<GraduationReport | null> {
  const feature = typeof featureOrKey === "string" ? await featureByKey(featureOrKey) : featureOrKey;
  if (!feature) return null;
  const phase = feature.currentPhase;
  const i = phase ? feature.phases.findIndex((p) => p.id === phase.id) : -1;
  const next = i >= 0 ? (feature.phases[i + 1] ?? null) : null;
  const previous = i > 0 ? feature.phases[i - 1]! : null;
  const blockers: string[] = [];
  if (feature.state === "paused") blockers.push("The feature is paused: resume it before advancing.");
  if (feature.state === "completed") blockers.push("The rollout is completed.");
  if (phase && !next) blockers.push(`${phase.name} is the last phase of the plan.`);
  if (!phase) {
    return {
      feature,
      phase: null,
      next: null,
      previous: null,
      counts: { outputs: 0, labelled: 0, correct: 0, thumbsUp: 0, thumbsDown: 0, criticalTickets: 0 },
      graduation: null,
      blockers: [...blockers, "The feature has no phase."],
      byInputType: [],
    };
  }
  const since = phase.startedAt ?? new Date(now);
  const [counts, openAlerts, checklist, slices] = await Promise.all([
    phaseCounts(feature.id, phase.key, since),
    db.alert.count({ where: { featureId: feature.id, status: { not: "resolved" } } }),
    checklistOf(feature.id),
    errorSlices(feature.id, { from: since.getTime(), to: now + 60 * 60_000, phase: phase.key }),
  ]);
  const criteria = phase.successCriteria;
  const explicit = new Set(criteria.requiredSignOffs ?? []);
  const items = readinessItems(checklist, {
    fallback: feature.fallback,
    disclosure: feature.currentPhase?.disclosure ?? "",
    requiredSignOffs: requiredSignOffs(planOf(feature.phases)),
  });
  const evidence: PhaseEvidence = {
    ...counts,
    openAlerts,
    signOffRoles: checklist.signOffs.map((s) => s.role),
    // Sign-offs the criteria name are judged on their own line; do not list them twice.
    checklistMissing: items
      .filter((it) => !it.done && !(it.id.startsWith("sign_off:") && explicit.has(it.id.slice(9))))
      .map((it) => it.label.toLowerCase()),
  };
  const graduation = evaluateGraduation({
    criteria,
    minDurationDays: phase.minDurationDays,
    startedAt: phase.startedAt?.getTime() ?? null,
    now,
    evidence,
  });
  const byInputType = inputTypeEvidence(
    slices.byInputType ?? [],
    { inputTypes: phase.inputTypes, accuracyMin: criteria.accuracyMin, minLabels: criteria.minLabels },
    next,
  );
  return { feature, phase, next, previous, counts, graduation, blockers, byInputType };
}
