import { describe, expect, it } from "vitest";
import { metricLabel, ruleConditionText } from "./rule-fields";
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
