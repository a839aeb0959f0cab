import { describe, expect, it } from "vitest";
import { defaultRules, followPhaseFloor } from "./default-rules";

describe("followPhaseFloor", () => {
  const floor = defaultRules("high", 0.95).find((r) => r.metric === "accuracy_floor")!;
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
