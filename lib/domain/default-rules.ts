import type { RuleMetric, RuleParams } from "./rules";

// The alert rules every feature starts with (issue 4). High stakes: a breached floor or a burst of
// critical tickets pauses the feature by itself; elsewhere rules only notify.

export interface RuleTemplate {
  name: string;
  metric: RuleMetric;
  params: RuleParams;
  windowMinutes: number;
  minSamples: number;
  action: "notify" | "pause";
}

export function defaultRules(stakes: string, accuracyFloor: number): RuleTemplate[] {
  const stop = stakes === "high" ? "pause" : "notify";
  return [
    { name: floorRuleName(accuracyFloor), metric: "accuracy_floor", params: { threshold: accuracyFloor }, windowMinutes: 60, minSamples: 50, action: stop },
    { name: "Accuracy dropped 5 points in an hour", metric: "accuracy_drop", params: { points: 0.05, baselineMinutes: 1440, alpha: 0.01 }, windowMinutes: 60, minSamples: 50, action: "notify" },
    { name: "Thumbs down above 20 %", metric: "thumbs_down_ceiling", params: { ceiling: 0.2 }, windowMinutes: 60, minSamples: 30, action: "notify" },
    { name: "3 critical tickets in an hour", metric: "critical_tickets", params: { count: 3 }, windowMinutes: 60, minSamples: 0, action: stop },
    { name: "Overconfident: confidence 10 points above accuracy", metric: "overconfidence", params: { gap: 0.1 }, windowMinutes: 60, minSamples: 50, action: "notify" },
  ];
}

const floorRuleName = (floor: number) => `Accuracy below ${Math.round(floor * 100)} %`;

/**
 * When a feature moves to another phase, its default floor rule follows the new phase's accuracy
 * floor — but only while it is still the default (same name and threshold as made for the old
 * floor, all phases): a rule an admin changed is theirs. Returns the new name and params, or null.
 */
export function followPhaseFloor(
  rule: { metric: string; phase: string | null; name: string; params: RuleParams },
  oldFloor: number | undefined,
  newFloor: number | undefined,
): { name: string; params: RuleParams } | null {
  if (oldFloor === undefined || newFloor === undefined || oldFloor === newFloor) return null;
  if (rule.metric !== "accuracy_floor" || rule.phase !== null) return null;
  if (rule.params.threshold !== oldFloor || rule.name !== floorRuleName(oldFloor)) return null;
  return { name: floorRuleName(newFloor), params: { ...rule.params, threshold: newFloor } };
}
