import { describe, expect, it } from "vitest";
import { decide } from "./targeting";
import { exampleContext } from "./example-context";

const phase = {
  id: "p1",
  key: "pilot",
  audiencePercent: 5,
  segments: ["beta-power-users"],
  confidenceThreshold: 0.8,
  reviewRate: 0,
  rateLimitPerMinute: null,
  inputTypes: ["sql"],
  lowConfidence: "flag" as const,
  educationalOnly: false,
  expertReview: "",
  disclosure: "",
};

describe("exampleContext", () => {
  it("gives a context the decision API answers true for", () => {
    for (const key of ["portfolio-advisor", "meeting-summary", "code-assist"]) {
      const ctx = exampleContext(key, phase)!;
      expect(ctx.segment).toBe("beta-power-users");
      expect(ctx.inputType).toBe("sql");
      const r = decide({ id: "f", key, state: "running", phase }, ctx, null, 0);
      expect(r.ok && r.decision.value, key).toBe(true);
    }
  });

  it("names no segment or type when the phase serves all of them, and nobody at 0 %", () => {
    expect(exampleContext("f", { audiencePercent: 100, segments: [], inputTypes: [] })).toEqual({ targetingKey: "user-1" });
    expect(exampleContext("f", { audiencePercent: 0, segments: [], inputTypes: [] })).toBeNull();
  });
});
