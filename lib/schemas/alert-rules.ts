import { z } from "zod";
import { RULE_METRICS } from "../domain/rules";

// The shape of an alert rule, shared by the backtest API (a draft rule), the rule editor's save
// action and the CLI (a rule read from a JSON file).

const share = (what: string) => z.number().gt(0, `${what} must be above 0`).lt(1, `${what} must be below 1`);
const int = (min: number, max: number, what: string) =>
  z.coerce.number().int(`${what} must be a whole number`).min(min, `${what} must be at least ${min}`).max(max, `${what} must be at most ${max}`);

export const ZRuleParams = z.strictObject({
  threshold: share("threshold").optional(),
  points: share("points").optional(),
  baselineMinutes: int(1, 7 * 1440, "baselineMinutes").optional(),
  alpha: z.number().gt(0).max(0.5, "alpha must be at most 0.5").optional(),
  ceiling: share("ceiling").optional(),
  count: int(1, 10_000, "count").optional(),
  gap: share("gap").optional(),
  ece: share("ece").optional(),
});

export const ZRuleAction = z.enum(["notify", "pause"]);
export const ZWindowMinutes = int(1, 1440, "the window (minutes)");
export const ZMinSamples = int(0, 1_000_000, "the minimum sample");

/** A rule as a client writes it: saved ones look the same (id aside). */
export const ZAlertRuleDraft = z.strictObject({
  name: z.string().trim().min(1).max(200).default("Draft rule"),
  metric: z.enum(RULE_METRICS),
  params: ZRuleParams.default({}),
  windowMinutes: ZWindowMinutes,
  minSamples: ZMinSamples,
  phase: z.string().trim().min(1).max(100).nullable().default(null),
  segment: z.string().trim().min(1).max(100).nullable().default(null),
  action: ZRuleAction.default("notify"),
});

export type AlertRuleDraft = z.output<typeof ZAlertRuleDraft>;

/** The rule editor's save: what an admin may change on a saved rule (its metric and scope stay). */
export const ZAlertRuleUpdate = z.strictObject({
  feature: z.string().trim().min(1).max(100),
  ruleId: z.string().trim().min(1).max(100),
  params: ZRuleParams,
  windowMinutes: ZWindowMinutes,
  minSamples: ZMinSamples,
  action: ZRuleAction,
  enabled: z.boolean().default(true),
});

export type AlertRuleUpdate = z.output<typeof ZAlertRuleUpdate>;
