import { describe, expect, it } from "vitest";
import { metricLabel, PARAM_FIELDS, ruleConditionText } from "./rule-fields";
import { ESTIMATE_BLIND_SPOT } from "./sequential-fields";

// The rule editor's words for the estimate's rule (issue 23 part 3).

describe("the estimate's rule in the editor", () => {
  const rule = {
    kind: "sequential" as const,
    metric: "estimate" as const,
    params: { baseline: "history" as const, falseAlarmsPer30d: 0.15 },
  };

  it("is labelled in plain words, its condition read as accuracy estimated from confidence", () => {
    expect(metricLabel(rule)).toBe("Estimated accuracy (from confidence, sequential)");
    expect(ruleConditionText(rule)).toBe(
      "the accuracy estimated from the outputs' confidence (through the calibration map) falls against its normal (each slice's last 7 days); at most 0.15 false alarms per 30 days over every slice",
    );
    // a fixed level is a floor, as for accuracy
    expect(ruleConditionText({ ...rule, params: { baseline: "fixed", level: 0.85, falseAlarmsPer30d: 1 } })).toMatch(
      /falls below 85 %; at most 1 false alarm /,
    );
  });

  it("says what it cannot see", () => {
    expect(ESTIMATE_BLIND_SPOT).toMatch(/not a drop while confidence stays high/);
    expect(ESTIMATE_BLIND_SPOT).toMatch(/judge's stream and the overconfidence rules/);
  });
});

// The browser refuses to submit a number input whose value is off its step (counted from min),
// silently but for a bubble: the backtest and save buttons then do nothing.
const valid = (f: (typeof PARAM_FIELDS)[keyof typeof PARAM_FIELDS], v: number) => {
  const steps = (v - f.min) / f.step;
  return v >= f.min && v <= f.max && Math.abs(steps - Math.round(steps)) < 1e-6;
};

describe("the editor's parameter fields", () => {
  it("accept their own defaults and round values (a latency ceiling of 3000 ms was refused)", () => {
    for (const [metric, f] of Object.entries(PARAM_FIELDS)) expect(valid(f, f.show(f.fallback)), metric).toBe(true);
    for (const ms of [200, 1000, 2500, 3000, 5000]) expect(valid(PARAM_FIELDS.latency_ceiling, ms), `${ms} ms`).toBe(true);
    for (const cost of [0.0005, 0.002, 0.016, 1]) expect(valid(PARAM_FIELDS.cost_ceiling, cost), `${cost}`).toBe(true);
    for (const pct of [85, 90, 92.5]) expect(valid(PARAM_FIELDS.accuracy_floor, pct), `${pct} %`).toBe(true);
  });
});
