import { db, writeTransaction, type Tx } from "../db";
import { defaultRules } from "../domain/default-rules";
import { DEFAULT_PARAMS, type RuleDefinition, type RuleMetric, type RuleParams } from "../domain/rules";
import { notFound } from "../errors";
import type { AlertRuleUpdate } from "../schemas/alert-rules";
import { audit } from "./audit";

// Alert rules as stored (AlertRule rows) and as the evaluator needs them.

export interface AlertRuleConfig extends RuleDefinition {
  id: string;
  featureId: string;
  name: string;
  phase: string | null;
  segment: string | null;
  action: "notify" | "pause";
  enabled: boolean;
}

type Row = Awaited<ReturnType<typeof db.alertRule.findFirstOrThrow>>;

export function toRuleConfig(r: Row): AlertRuleConfig {
  return {
    id: r.id,
    featureId: r.featureId,
    name: r.name,
    metric: r.metric as RuleMetric,
    params: JSON.parse(r.params) as RuleParams,
    windowMinutes: r.windowMinutes,
    minSamples: r.minSamples,
    phase: r.phase,
    segment: r.segment,
    action: r.action === "pause" ? "pause" : "notify",
    enabled: r.enabled,
  };
}

export async function createDefaultRules(tx: Tx, feature: { id: string; stakes: string; accuracyFloor?: number }) {
  for (const t of defaultRules(feature.stakes, feature.accuracyFloor ?? DEFAULT_PARAMS.threshold)) {
    await tx.alertRule.create({
      data: { featureId: feature.id, name: t.name, metric: t.metric, params: JSON.stringify(t.params), windowMinutes: t.windowMinutes, minSamples: t.minSamples, action: t.action },
    });
  }
}

/** Gives features created before rules existed their defaults (idempotent; run at startup). */
export async function ensureDefaultRules(): Promise<number> {
  const bare = await db.feature.findMany({ where: { rules: { none: {} } }, include: { phases: true } });
  for (const f of bare) {
    const phase = f.phases.find((p) => p.id === f.currentPhaseId);
    const criteria = phase ? (JSON.parse(phase.successCriteria) as { accuracyMin?: number }) : {};
    await writeTransaction(async (tx) => {
      if ((await tx.alertRule.count({ where: { featureId: f.id } })) > 0) return;
      await createDefaultRules(tx, { id: f.id, stakes: f.stakes, accuracyFloor: criteria.accuracyMin });
    });
  }
  return bare.length;
}

export async function rulesOf(featureId: string, onlyEnabled = true): Promise<AlertRuleConfig[]> {
  const rows = await db.alertRule.findMany({ where: { featureId, ...(onlyEnabled ? { enabled: true } : {}) }, orderBy: { createdAt: "asc" } });
  return rows.map(toRuleConfig);
}

const settings = (r: AlertRuleConfig) => ({ params: r.params, windowMinutes: r.windowMinutes, minSamples: r.minSamples, action: r.action, enabled: r.enabled });

/**
 * Changes a saved rule's settings (the rule editor), audited with before and after. The live
 * evaluator reads rules from the database on every evaluation, so the change applies at its next
 * run on every instance; an open alert stays open until the new settings see a clear window.
 */
export async function updateAlertRule(featureKey: string, input: Omit<AlertRuleUpdate, "feature">, actor: string): Promise<AlertRuleConfig> {
  return writeTransaction(async (tx) => {
    const row = await tx.alertRule.findFirst({ where: { id: input.ruleId, feature: { key: featureKey } } });
    if (!row) throw notFound(`No alert rule with id "${input.ruleId}" on ${featureKey}`);
    const before = toRuleConfig(row);
    // Parameters the editor does not show (a drop rule's baseline, alpha) are kept.
    const params = { ...before.params, ...input.params };
    const updated = toRuleConfig(
      await tx.alertRule.update({
        where: { id: row.id },
        data: { params: JSON.stringify(params), windowMinutes: input.windowMinutes, minSamples: input.minSamples, action: input.action, enabled: input.enabled },
      }),
    );
    await audit(tx, { actor, action: "rule.update", target: featureKey, reason: before.name, before: settings(before), after: settings(updated) });
    return updated;
  });
}
