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
    { name: `Accuracy below ${Math.round(accuracyFloor * 100)} %`, metric: "accuracy_floor", params: { threshold: accuracyFloor }, windowMinutes: 60, minSamples: 50, action: stop },
    { name: "Accuracy dropped 5 points in an hour", metric: "accuracy_drop", params: { points: 0.05, baselineMinutes: 1440, alpha: 0.01 }, windowMinutes: 60, minSamples: 50, action: "notify" },
    { name: "Thumbs down above 20 %", metric: "thumbs_down_ceiling", params: { ceiling: 0.2 }, windowMinutes: 60, minSamples: 30, action: "notify" },
    { name: "3 critical tickets in an hour", metric: "critical_tickets", params: { count: 3 }, windowMinutes: 60, minSamples: 0, action: stop },
    { name: "Overconfident: confidence 10 points above accuracy", metric: "overconfidence", params: { gap: 0.1 }, windowMinutes: 60, minSamples: 50, action: "notify" },
  ];
}
