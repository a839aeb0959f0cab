import { db } from "../db";
import type { PhasePlan } from "../domain/plan";
import { createDefaultRules } from "./alert-rules";
import { audit } from "./audit";
import { commitChange, recordChange } from "./change-feed";
import { LOW_CONFIDENCE_MODES, type LowConfidenceMode, type SuccessCriteria } from "../domain/plan";

const lowConfidenceOf = (s: string): LowConfidenceMode => ((LOW_CONFIDENCE_MODES as readonly string[]).includes(s) ? (s as LowConfidenceMode) : "fallback");

/** A planned phase as its database row's settings (creating a feature, saving its plan). */
export function phaseRow(p: PhasePlan, position: number) {
  return {
    position,
    name: p.name,
    audiencePercent: p.audiencePercent,
    segments: JSON.stringify(p.segments),
    confidenceThreshold: p.confidenceThreshold,
    reviewRate: p.reviewRate,
    rateLimitPerMinute: p.rateLimitPerMinute,
    minDurationDays: p.minDurationDays,
    successCriteria: JSON.stringify(p.successCriteria),
    expertReview: p.expertReview ?? "",
    educationalOnly: p.educationalOnly ?? false,
    rationale: p.rationale ?? "",
    inputTypes: JSON.stringify(p.inputTypes ?? []),
    lowConfidence: p.lowConfidence ?? "fallback",
    disclosure: p.disclosure ?? "",
  };
}

// Feature configuration as the write path and the pages need it.

export interface PhaseConfig {
  id: string;
  key: string;
  name: string;
  position: number;
  audiencePercent: number;
  segments: string[];
  confidenceThreshold: number;
  reviewRate: number;
  rateLimitPerMinute: number | null;
  minDurationDays: number;
  successCriteria: SuccessCriteria;
  expertReview: string;
  educationalOnly: boolean;
  rationale: string;
  inputTypes: string[];
  lowConfidence: LowConfidenceMode;
  disclosure: string;
  startedAt: Date | null;
  endedAt: Date | null;
}

export interface FeatureConfig {
  id: string;
  key: string;
  name: string;
  description: string;
  stakes: string;
  owner: string;
  fallback: string;
  state: string;
  stateReason: string | null;
  stateChangedAt: Date;
  phases: PhaseConfig[];
  currentPhase: PhaseConfig | null;
}

/** Stored criteria; rows written before criteria existed ("{}") get a floor of 0 with 1 label. */
function parseCriteria(json: string): SuccessCriteria {
  const c = JSON.parse(json) as Partial<SuccessCriteria>;
  return { ...c, accuracyMin: c.accuracyMin ?? 0, minLabels: c.minLabels ?? 1 };
}

const include = { phases: { orderBy: { position: "asc" as const } } };

type Row = NonNullable<Awaited<ReturnType<typeof db.feature.findFirst<{ include: typeof include }>>>>;

function toConfig(f: Row): FeatureConfig {
  const phases: PhaseConfig[] = f.phases.map((p) => ({
    id: p.id,
    key: p.key,
    name: p.name,
    position: p.position,
    audiencePercent: p.audiencePercent,
    segments: JSON.parse(p.segments) as string[],
    confidenceThreshold: p.confidenceThreshold,
    reviewRate: p.reviewRate,
    rateLimitPerMinute: p.rateLimitPerMinute,
    minDurationDays: p.minDurationDays,
    successCriteria: parseCriteria(p.successCriteria),
    expertReview: p.expertReview,
    educationalOnly: p.educationalOnly,
    rationale: p.rationale,
    inputTypes: JSON.parse(p.inputTypes) as string[],
    lowConfidence: lowConfidenceOf(p.lowConfidence),
    disclosure: p.disclosure,
    startedAt: p.startedAt,
    endedAt: p.endedAt,
  }));
  return {
    id: f.id,
    key: f.key,
    name: f.name,
    description: f.description,
    stakes: f.stakes,
    owner: f.owner,
    fallback: f.fallback,
    state: f.state,
    stateReason: f.stateReason,
    stateChangedAt: f.stateChangedAt,
    phases,
    currentPhase: phases.find((p) => p.id === f.currentPhaseId) ?? phases[0] ?? null,
  };
}

export async function featuresByKeys(keys: string[]): Promise<Map<string, FeatureConfig>> {
  if (keys.length === 0) return new Map();
  const rows = await db.feature.findMany({ where: { key: { in: keys } }, include });
  return new Map(rows.map((r) => [r.key, toConfig(r)]));
}

export async function featureByKey(key: string): Promise<FeatureConfig | null> {
  const row = await db.feature.findUnique({ where: { key }, include });
  return row ? toConfig(row) : null;
}

export async function listFeatures(): Promise<FeatureConfig[]> {
  const rows = await db.feature.findMany({ include, orderBy: { key: "asc" } });
  return rows.map(toConfig);
}

export interface NewFeature {
  key: string;
  name: string;
  description?: string;
  stakes?: "low" | "medium" | "high";
  owner?: string;
  fallback?: string;
  plan: PhasePlan[];
  currentPhase: string;
  /** when the current phase started (demo history starts weeks ago) */
  phaseStartedAt?: Date;
}

/**
 * Creates a feature with its phase plan, current phase set and default alert rules, in one
 * transaction; a change row tells every instance's decision snapshot about it.
 */
export async function createFeature(input: NewFeature, actor: string): Promise<FeatureConfig> {
  await commitChange(async (tx) => {
    const feature = await tx.feature.create({
      data: {
        key: input.key,
        name: input.name,
        description: input.description ?? "",
        stakes: input.stakes ?? "medium",
        owner: input.owner ?? "",
        fallback: input.fallback ?? "",
      },
    });
    const currentIndex = input.plan.findIndex((p) => p.key === input.currentPhase);
    let currentPhaseId: string | null = null;
    for (const [position, p] of input.plan.entries()) {
      const phase = await tx.phase.create({
        data: {
          featureId: feature.id,
          key: p.key,
          ...phaseRow(p, position),
          startedAt: position === currentIndex ? (input.phaseStartedAt ?? new Date()) : null,
        },
      });
      if (position === currentIndex) {
        currentPhaseId = phase.id;
        await tx.phaseRun.create({ data: { featureId: feature.id, phaseKey: p.key, startedAt: phase.startedAt!, startedBy: actor } });
      }
    }
    await tx.feature.update({ where: { id: feature.id }, data: { currentPhaseId } });
    await createDefaultRules(tx, { id: feature.id, stakes: feature.stakes, accuracyFloor: input.plan[currentIndex]?.successCriteria.accuracyMin });
    await audit(tx, {
      actor,
      action: "feature.create",
      target: input.key,
      after: { name: input.name, phase: input.currentPhase },
      // a feature set up with a history (the demo's) was created when that history starts
      ...(input.phaseStartedAt ? { at: input.phaseStartedAt } : {}),
    });
    await recordChange(tx, { featureKey: input.key, type: "feature_changed", payload: { created: true } });
  });
  return (await featureByKey(input.key))!;
}
