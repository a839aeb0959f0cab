import { z } from "zod";
import { RULE_METRICS } from "../domain/rules";
import { BASELINES, SEQUENTIAL_SIGNALS } from "../domain/sequential-rule";

// The shape of an alert rule, shared by the backtest API (a draft rule), the rule editor's save
// action and the CLI (a rule read from a JSON file).

const share = (what: string) => z.number().gt(0, `${what} must be above 0`).lt(1, `${what} must be below 1`);
const int = (min: number, max: number, what: string) =>
  z.coerce
    .number()
    .int(`${what} must be a whole number`)
    .min(min, `${what} must be at least ${min}`)
    .max(max, `${what} must be at most ${max}`);

export const ZRuleParams = z.strictObject({
  threshold: share("threshold").optional(),
  points: share("points").optional(),
  baselineMinutes: int(1, 7 * 1440, "baselineMinutes").optional(),
  alpha: z.number().gt(0).max(0.5, "alpha must be at most 0.5").optional(),
  ceiling: share("ceiling").optional(),
  count: int(1, 10_000, "count").optional(),
  gap: share("gap").optional(),
  ece: share("ece").optional(),
  /** latency_ceiling: p95 above this many ms is too slow */
  ms: int(1, 3_600_000, "ms").optional(),
  /** cost_ceiling: a cost per priced output above this (the price table's currency) is too dear */
  cost: z.number().gt(0, "cost must be above 0").max(1000, "cost must be at most 1000 per output").optional(),
});

export const ZRuleAction = z.enum(["notify", "pause"]);
export const ZWindowMinutes = int(1, 1440, "the window (minutes)");
export const ZMinSamples = int(0, 1_000_000, "the minimum sample");

const ZName = z.string().trim().min(1).max(200).default("Draft rule");
const ZScope = z.string().trim().min(1).max(100).nullable().default(null);

/** A windowed rule: a fixed-level test of the last `windowMinutes` (the rules before issue 12). */
export const ZWindowRuleDraft = z.strictObject({
  kind: z.literal("window"),
  name: ZName,
  metric: z.enum(RULE_METRICS),
  params: ZRuleParams.default({}),
  windowMinutes: ZWindowMinutes,
  minSamples: ZMinSamples,
  phase: ZScope,
  segment: ZScope,
  action: ZRuleAction.default("notify"),
});

export const ZSequentialParams = z.strictObject({
  baseline: z.enum(BASELINES).default("history"),
  level: z.number().positive("level must be above 0").max(1000).optional(),
  shift: z.number().positive("shift must be above 0").max(100).optional(),
  falseAlarmsPer30d: z
    .number()
    .gt(0, "the false-alarm budget must be above 0")
    .max(100, "the false-alarm budget must be at most 100 per 30 days")
    .default(1),
  memoryMinutes: int(30, 1440, "memoryMinutes").optional(),
  minBaseline: int(0, 1_000_000, "minBaseline").optional(),
});

/** A sequential rule: a CUSUM per slice against a baseline, its threshold from a false-alarm budget. */
export const ZSequentialRuleDraft = z.strictObject({
  kind: z.literal("sequential"),
  name: ZName,
  metric: z.enum(SEQUENTIAL_SIGNALS),
  params: ZSequentialParams,
  /** minutes a breached slice must stay clear before its alert resolves */
  windowMinutes: ZWindowMinutes.default(30),
  minSamples: ZMinSamples.default(0),
  phase: ZScope,
  segment: ZScope,
  action: ZRuleAction.default("notify"),
});

/**
 * A rule as a client writes it: saved ones look the same (id aside). A union on `kind` so that
 * other kinds can join; a rule without `kind` is a windowed rule, as every rule was before.
 */
export const ZAlertRuleDraft = z.preprocess(
  (v) => (v && typeof v === "object" && !Array.isArray(v) && !("kind" in v) ? { ...v, kind: "window" } : v),
  z.discriminatedUnion("kind", [ZWindowRuleDraft, ZSequentialRuleDraft]),
);

export type AlertRuleDraft = z.output<typeof ZAlertRuleDraft>;
export type WindowRuleDraft = z.output<typeof ZWindowRuleDraft>;
export type SequentialRuleDraft = z.output<typeof ZSequentialRuleDraft>;

/** The rule editor's save: what an admin may change on a saved rule (its metric and scope stay). */
export const ZAlertRuleUpdate = z.strictObject({
  feature: z.string().trim().min(1).max(100),
  ruleId: z.string().trim().min(1).max(100),
  params: z.union([ZRuleParams, ZSequentialParams.partial()]),
  windowMinutes: ZWindowMinutes,
  minSamples: ZMinSamples,
  action: ZRuleAction,
  /** left out: the rule stays as it is (the rules table's own switch turns it on and off) */
  enabled: z.boolean().optional(),
});

export type AlertRuleUpdate = z.output<typeof ZAlertRuleUpdate>;

/** The rules page's "Upgrade default rules to sequential detection" (admins). */
export const ZUpgradeDefaultRules = z.strictObject({ feature: z.string().trim().min(1).max(100) });
const ZFeatureKey = z.string().trim().min(1).max(100);
const ZRuleId = z.string().trim().min(1).max(100);

/** The rules page's "New rule": a draft as the backtest takes it, for one feature. */
export const ZAlertRuleCreate = z.strictObject({ feature: ZFeatureKey, rule: ZAlertRuleDraft });

/** Switching a rule on or off from its row. */
export const ZAlertRuleEnabled = z.strictObject({ feature: ZFeatureKey, ruleId: ZRuleId, enabled: z.boolean() });

/** Deleting a rule (after the page's confirm step). */
export const ZAlertRuleDelete = z.strictObject({ feature: ZFeatureKey, ruleId: ZRuleId });
