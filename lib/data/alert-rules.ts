import { db, writeTransaction, type Tx } from "../db";
import { defaultRules, floorRuleName, OBEDIENCE_RULE, windowedDefaultRules } from "../domain/default-rules";
import { DEFAULT_PARAMS, type RuleDefinition, type RuleMetric, type RuleParams } from "../domain/rules";
import type { SequentialParams, SequentialRule, SequentialSignal } from "../domain/sequential-rule";
import { AppError, notFound } from "../errors";
import { modelPriceTable } from "../env";
import { ZRuleParams, ZSequentialParams, type AlertRuleDraft, type AlertRuleUpdate } from "../schemas/alert-rules";
import { audit } from "./audit";
import { commitChange } from "./change-feed";
import { resolveAlertsOfRetiredRule } from "./rule-alerts";

// Alert rules as stored (AlertRule rows) and as the evaluator needs them: a union on `kind`.

interface RuleCommon {
  id: string;
  featureId: string;
  name: string;
  phase: string | null;
  segment: string | null;
  action: "notify" | "pause";
  enabled: boolean;
  windowMinutes: number;
  minSamples: number;
}

export interface WindowRuleConfig extends RuleDefinition, RuleCommon {
  kind: "window";
}

export interface SequentialRuleConfig extends RuleCommon {
  kind: "sequential";
  metric: SequentialSignal;
  params: SequentialParams;
}

export type AlertRuleConfig = WindowRuleConfig | SequentialRuleConfig;

/** The domain's view of a sequential rule. */
export const asSequential = (r: Pick<SequentialRuleConfig, "metric" | "params" | "windowMinutes" | "phase" | "segment">): SequentialRule => ({
  signal: r.metric,
  params: r.params,
  windowMinutes: r.windowMinutes,
  phase: r.phase,
  segment: r.segment,
});

type Row = Awaited<ReturnType<typeof db.alertRule.findFirstOrThrow>>;

export function toRuleConfig(r: Row): AlertRuleConfig {
  const common: RuleCommon = {
    id: r.id,
    featureId: r.featureId,
    name: r.name,
    windowMinutes: r.windowMinutes,
    minSamples: r.minSamples,
    phase: r.phase,
    segment: r.segment,
    action: r.action === "pause" ? "pause" : "notify",
    enabled: r.enabled,
  };
  if (r.kind === "sequential") return { ...common, kind: "sequential", metric: r.metric as SequentialSignal, params: ZSequentialParams.parse(JSON.parse(r.params)) };
  return { ...common, kind: "window", metric: r.metric as RuleMetric, params: JSON.parse(r.params) as RuleParams };
}

export async function createDefaultRules(tx: Tx, feature: { id: string; stakes: string; accuracyFloor?: number }) {
  for (const t of defaultRules(feature.stakes, feature.accuracyFloor ?? DEFAULT_PARAMS.threshold)) {
    await tx.alertRule.create({
      data: {
        featureId: feature.id,
        kind: t.kind,
        name: t.name,
        metric: t.metric,
        params: JSON.stringify(t.params),
        windowMinutes: t.windowMinutes,
        minSamples: t.minSamples,
        action: t.action,
        enabled: t.enabled ?? true,
      },
    });
  }
}

/**
 * Gives features created before rules existed their defaults, and features created before
 * issue 13 the built-in "AI answers shown while paused" rule (idempotent; run at startup). A rule
 * an admin disabled stays as it is: only a feature with no rule of that metric gets one.
 */
export async function ensureDefaultRules(): Promise<number> {
  const added = await ensureBareFeatureRules();
  const without = await db.feature.findMany({ where: { rules: { some: {}, none: { metric: OBEDIENCE_RULE.metric } } }, select: { id: true } });
  for (const f of without) {
    await writeTransaction(async (tx) => {
      if ((await tx.alertRule.count({ where: { featureId: f.id, metric: OBEDIENCE_RULE.metric } })) > 0) return;
      const t = OBEDIENCE_RULE;
      await tx.alertRule.create({
        data: { featureId: f.id, kind: t.kind, name: t.name, metric: t.metric, params: JSON.stringify(t.params), windowMinutes: t.windowMinutes, minSamples: t.minSamples, action: t.action },
      });
    });
  }
  return added + without.length;
}

async function ensureBareFeatureRules(): Promise<number> {
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
  const rows = await db.alertRule.findMany({ where: { featureId, deletedAt: null, ...(onlyEnabled ? { enabled: true } : {}) }, orderBy: { createdAt: "asc" } });
  return rows.map(toRuleConfig);
}

/**
 * A cost rule only means something with prices: without a usable ROLLGUARD_MODEL_PRICES it cannot
 * be created, enabled or saved enabled (400 no_price_table). A cost rule left enabled when the
 * table goes away stays, and its status says it never fires (lib/domain/rules.ts NO_PRICE_TABLE).
 */
function requirePrices(metric: string, enabled: boolean) {
  if (metric !== "cost_ceiling" || !enabled) return;
  const table = modelPriceTable();
  if (table.prices) return;
  throw new AppError(
    "no_price_table",
    400,
    "A cost rule needs a price table: set ROLLGUARD_MODEL_PRICES (per model version, the price of a million input and output tokens) and restart" +
      (table.error ? ` — it is set but unusable: ${table.error}` : ""),
  );
}

const settings = (r: AlertRuleConfig) => ({ params: r.params, windowMinutes: r.windowMinutes, minSamples: r.minSamples, action: r.action, enabled: r.enabled });

/**
 * Changes a saved rule's settings (the rule editor), audited with before and after. The live
 * evaluator reads rules from the database on every evaluation, so the change applies at its next
 * run on every instance; an open alert stays open until the new settings see a clear window.
 */
export async function updateAlertRule(featureKey: string, input: Omit<AlertRuleUpdate, "feature">, actor: string): Promise<AlertRuleConfig> {
  return commitChange(async (tx) => {
    const row = await tx.alertRule.findFirst({ where: { id: input.ruleId, feature: { key: featureKey }, deletedAt: null }, include: { feature: true } });
    if (!row) throw notFound(`No alert rule with id "${input.ruleId}" on ${featureKey}`);
    const before = toRuleConfig(row);
    requirePrices(before.metric, input.enabled ?? row.enabled);
    // Parameters the editor does not show (a drop rule's baseline, alpha) are kept; the result
    // must still be a valid set for the rule's kind.
    const merged = { ...before.params, ...input.params };
    const parsed = (before.kind === "sequential" ? ZSequentialParams : ZRuleParams).safeParse(merged);
    if (!parsed.success) throw new AppError("invalid_request", 400, `These settings do not fit a ${before.kind} rule`, parsed.error.issues);
    const params = parsed.data;
    const updated = toRuleConfig(
      await tx.alertRule.update({
        where: { id: row.id },
        data: { params: JSON.stringify(params), windowMinutes: input.windowMinutes, minSamples: input.minSamples, action: input.action, enabled: input.enabled ?? row.enabled },
      }),
    );
    await audit(tx, { actor, action: "rule.update", target: featureKey, reason: before.name, before: settings(before), after: settings(updated) });
    if (before.enabled && !updated.enabled) await resolveAlertsOfRetiredRule(tx, row.feature, updated, "disabled", actor);
    return updated;
  });
}

/** One rule the upgrade moved: what it was and what it is now (same id). */
export interface RuleUpgrade {
  ruleId: string;
  before: { name: string; kind: string; metric: string; windowMinutes: number };
  after: { name: string; kind: string; metric: string; params: SequentialParams; windowMinutes: number };
}

/**
 * The sequential default that takes the place of a stored rule, when the rule is still exactly a
 * windowed default (same name, metric, parameters, window and minimum sample as it was made);
 * null for a rule an admin changed, a rule of another kind, and the windowed overconfidence rule.
 */
function upgradeTarget(row: Row, stakes: string) {
  if (row.kind !== "window") return null;
  const params = JSON.parse(row.params) as RuleParams;
  const floor = row.metric === "accuracy_floor" ? params.threshold : DEFAULT_PARAMS.threshold;
  if (floor === undefined) return null;
  const old = windowedDefaultRules(stakes, floor).find((t) => t.metric === row.metric);
  const untouched =
    old &&
    old.name === row.name &&
    JSON.stringify(old.params) === JSON.stringify(params) &&
    old.windowMinutes === row.windowMinutes &&
    old.minSamples === row.minSamples;
  if (!untouched) return null;
  const target = defaultRules(stakes, floor).find((t) => t.name === SEQUENTIAL_FOR[row.metric]?.(floor));
  return target && target.kind === "sequential" ? target : null;
}

/** The feature's rules the upgrade would move (the rules page offers the upgrade only when there are some). */
export async function upgradableRules(featureKey: string): Promise<{ id: string; name: string }[]> {
  const feature = await db.feature.findUnique({ where: { key: featureKey }, include: { rules: { where: { deletedAt: null }, orderBy: { createdAt: "asc" } } } });
  if (!feature) return [];
  return feature.rules.filter((r) => upgradeTarget(r, feature.stakes) !== null).map((r) => ({ id: r.id, name: r.name }));
}

/**
 * The upgrade path from the windowed defaults (before issue 12) to the sequential ones: every rule
 * of the feature that is still exactly a windowed default becomes its sequential counterpart in
 * place — same id, so its alert history stays attached, same action — in one transaction, each
 * audited as `rule.upgrade` with before and after. A rule an admin changed is theirs and is left
 * alone, as is the windowed overconfidence rule. The CLI (`rules upgrade`) and the rules page's
 * admin button both call this. Returns what changed, rule by rule.
 */
export async function upgradeDefaultRules(featureKey: string, actor: string): Promise<RuleUpgrade[]> {
  return writeTransaction(async (tx) => {
    const feature = await tx.feature.findUnique({ where: { key: featureKey }, include: { rules: { where: { deletedAt: null }, orderBy: { createdAt: "asc" } } } });
    if (!feature) throw notFound(`No feature with key "${featureKey}"`);
    const upgraded: RuleUpgrade[] = [];
    for (const row of feature.rules) {
      const target = upgradeTarget(row, feature.stakes);
      if (!target) continue;
      const before = toRuleConfig(row);
      const after = toRuleConfig(
        await tx.alertRule.update({
          where: { id: row.id },
          data: {
            kind: "sequential",
            name: target.name,
            metric: target.metric,
            params: JSON.stringify(target.params),
            windowMinutes: target.windowMinutes,
            minSamples: target.minSamples,
          },
        }),
      );
      await audit(tx, {
        actor,
        action: "rule.upgrade",
        target: `${featureKey}/${row.id}`,
        reason: `${before.name} → ${after.name}: windowed default replaced by the sequential default`,
        before: { kind: before.kind, name: before.name, metric: before.metric, ...settings(before) },
        after: { kind: after.kind, name: after.name, metric: after.metric, ...settings(after) },
      });
      upgraded.push({
        ruleId: row.id,
        before: { name: before.name, kind: before.kind, metric: before.metric, windowMinutes: before.windowMinutes },
        after: { name: after.name, kind: after.kind, metric: after.metric, params: after.params as SequentialParams, windowMinutes: after.windowMinutes },
      });
    }
    return upgraded;
  });
}

/** Which sequential default takes the place of each windowed default. */
const SEQUENTIAL_FOR: Record<string, (floor: number) => string> = {
  accuracy_floor: (floor) => floorRuleName(floor),
  accuracy_drop: () => "Accuracy below its normal",
  thumbs_down_ceiling: () => "Thumbs down above its normal",
  critical_tickets: () => "Critical tickets above their normal",
};

/** The built-in rule every feature has (answers shown while paused): it may be disabled, never deleted or added twice. */
export const isBuiltInRule = (r: { metric: string }) => r.metric === OBEDIENCE_RULE.metric;

/**
 * Adds a rule an admin wrote (the rules page's "New rule"): any kind and metric the draft schema
 * allows, scoped to a phase of the feature's plan and/or a segment, or the whole feature. It is
 * enabled at once; the evaluator picks it up at its next run. Audited with the whole rule.
 */
export async function createAlertRule(featureKey: string, draft: AlertRuleDraft, actor: string): Promise<AlertRuleConfig> {
  return commitChange(async (tx) => {
    const feature = await tx.feature.findUnique({ where: { key: featureKey }, include: { phases: { select: { key: true } } } });
    if (!feature) throw notFound(`No feature with key "${featureKey}"`);
    if (isBuiltInRule(draft))
      throw new AppError("built_in_rule", 409, `"${OBEDIENCE_RULE.name}" is built in: every feature has one; enable it on its row instead`);
    if (draft.phase && !feature.phases.some((p) => p.key === draft.phase))
      throw new AppError("unknown_phase", 400, `${featureKey} has no phase "${draft.phase}"`, { phases: feature.phases.map((p) => p.key) });
    requirePrices(draft.metric, true);
    const created = toRuleConfig(
      await tx.alertRule.create({
        data: {
          featureId: feature.id,
          kind: draft.kind,
          name: draft.name,
          metric: draft.metric,
          params: JSON.stringify(draft.params),
          windowMinutes: draft.windowMinutes,
          minSamples: draft.minSamples,
          phase: draft.phase,
          segment: draft.segment,
          action: draft.action,
        },
      }),
    );
    const { featureId: _f, ...rule } = created;
    await audit(tx, { actor, action: "rule.create", target: featureKey, reason: created.name, after: rule });
    return created;
  });
}

async function liveRule(tx: Tx, featureKey: string, ruleId: string) {
  const row = await tx.alertRule.findFirst({ where: { id: ruleId, feature: { key: featureKey }, deletedAt: null }, include: { feature: true } });
  if (!row) throw notFound(`No alert rule with id "${ruleId}" on ${featureKey}`);
  return row;
}

/**
 * Switches a rule on or off. Disabling resolves the rule's open alerts (a rule that no longer runs
 * would never close them); they stay in the history and their incident is refreshed.
 */
export async function setAlertRuleEnabled(featureKey: string, ruleId: string, enabled: boolean, actor: string) {
  return commitChange(async (tx) => {
    const row = await liveRule(tx, featureKey, ruleId);
    if (row.enabled === enabled) return { rule: toRuleConfig(row), resolvedAlerts: [] as string[] };
    requirePrices(row.metric, enabled);
    const rule = toRuleConfig(await tx.alertRule.update({ where: { id: row.id }, data: { enabled } }));
    await audit(tx, { actor, action: enabled ? "rule.enable" : "rule.disable", target: featureKey, reason: rule.name, before: { enabled: !enabled }, after: { enabled } });
    const resolvedAlerts = enabled ? [] : await resolveAlertsOfRetiredRule(tx, row.feature, rule, "disabled", actor);
    return { rule, resolvedAlerts };
  });
}

/**
 * Deletes a rule: it leaves every list and the evaluator, its open alerts are resolved (nothing
 * would close them otherwise), and its row stays behind the scenes so past alerts and incident
 * timelines keep their rule's name. The built-in rule may be disabled, not deleted.
 */
export async function deleteAlertRule(featureKey: string, ruleId: string, actor: string) {
  return commitChange(async (tx) => {
    const row = await liveRule(tx, featureKey, ruleId);
    const rule = toRuleConfig(row);
    if (isBuiltInRule(rule)) throw new AppError("built_in_rule", 409, `"${rule.name}" is built in: it can be disabled but not deleted`);
    await tx.alertRule.update({ where: { id: row.id }, data: { deletedAt: new Date(), enabled: false } });
    const resolvedAlerts = await resolveAlertsOfRetiredRule(tx, row.feature, rule, "deleted", actor);
    const { featureId: _f, ...before } = rule;
    await audit(tx, { actor, action: "rule.delete", target: featureKey, reason: rule.name, before, after: { resolvedAlerts } });
    return { id: rule.id, name: rule.name, resolvedAlerts };
  });
}
