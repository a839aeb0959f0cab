import { describe, expect, it } from "vitest";
import { defaultRules, followPhaseFloor, windowedDefaultRules } from "./default-rules";

describe("followPhaseFloor", () => {
  const floor = { ...windowedDefaultRules("high", 0.95).find((r) => r.metric === "accuracy_floor")!, params: { threshold: 0.95 } };
  const rule = { ...floor, phase: null };

  it("moves the untouched default floor rule to the new phase's floor, name and all", () => {
    expect(followPhaseFloor(rule, 0.95, 0.9)).toEqual({ name: "Accuracy below 90 %", params: { threshold: 0.9 } });
  });

  it("leaves a rule an admin changed, a rule for one phase, and other metrics alone", () => {
    expect(followPhaseFloor({ ...rule, params: { threshold: 0.93 } }, 0.95, 0.9)).toBeNull();
    expect(followPhaseFloor({ ...rule, name: "Our own floor" }, 0.95, 0.9)).toBeNull();
    expect(followPhaseFloor({ ...rule, phase: "beta" }, 0.95, 0.9)).toBeNull();
    expect(followPhaseFloor({ ...rule, metric: "overconfidence" }, 0.95, 0.9)).toBeNull();
  });

  it("does nothing when a phase sets no floor or the floor stays the same", () => {
    expect(followPhaseFloor(rule, 0.95, undefined)).toBeNull();
    expect(followPhaseFloor(rule, undefined, 0.9)).toBeNull();
    expect(followPhaseFloor(rule, 0.95, 0.95)).toBeNull();
  });
});

describe("defaultRules", () => {
  it("gives a new feature sequential rules sharing one false alarm per 30 days, pausing a high-stakes feature on accuracy", () => {
    const rules = defaultRules("high", 0.9);
    const sequential = rules.filter((r) => r.kind === "sequential" && r.enabled !== false);
    expect(sequential.map((r) => r.metric)).toEqual(["accuracy", "accuracy", "judge", "thumbs_down", "critical_tickets"]);
    // the sequential overconfidence rule is made, switched off, with its share stated
    expect(rules.find((r) => r.metric === "confident_wrong")).toMatchObject({ kind: "sequential", enabled: false, action: "notify" });
    // so is the estimate's (issue 23 part 3): on, it would spend the budget on swings of the input mix
    expect(rules.find((r) => r.metric === "estimate")).toMatchObject({
      kind: "sequential",
      name: "Estimate from confidence below its normal",
      enabled: false,
      action: "notify",
      params: { baseline: "history", falseAlarmsPer30d: 0.15 },
    });
    expect(sequential.reduce((s, r) => s + (r.kind === "sequential" ? r.params.falseAlarmsPer30d : 0), 0)).toBeCloseTo(1, 10);
    expect(rules.find((r) => r.name === "Accuracy below its normal")!.action).toBe("pause");
    expect(defaultRules("low", 0.9).find((r) => r.name === "Accuracy below its normal")!.action).toBe("notify");
  });

  it("watches the judge's stream with no hand configuration, notifying (people's verdicts pause)", () => {
    const judge = defaultRules("high", 0.9).find((r) => r.metric === "judge")!;
    expect(judge).toMatchObject({ kind: "sequential", name: "Judge's verdicts below their normal", action: "notify" });
    expect(judge.enabled).not.toBe(false);
    expect(judge.kind === "sequential" && judge.params).toEqual({ baseline: "history", falseAlarmsPer30d: 0.15 });
    for (const stakes of ["medium", "low"]) expect(defaultRules(stakes, 0.9).find((r) => r.metric === "judge")!.action).toBe("notify");
  });

  it("moves the sequential floor rule with the phase too", () => {
    const seq = defaultRules("high", 0.95).find((r) => r.name === "Accuracy below 95 %")!;
    expect(followPhaseFloor({ ...seq, phase: null }, 0.95, 0.9)).toEqual({
      name: "Accuracy below 90 %",
      params: { ...seq.params, level: 0.9 },
    });
  });
});
