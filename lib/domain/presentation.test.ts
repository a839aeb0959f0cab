import { describe, expect, it } from "vitest";
import { isShown, presentationOf } from "./presentation";

describe("the presentation of an output", () => {
  const phase = { confidenceThreshold: 0.85, lowConfidence: "flag" as const };

  it("takes what the product reported, then what its `shown` implies", () => {
    expect(presentationOf({ confidence: 0.1, presentation: "plain" }, phase)).toBe("plain");
    expect(presentationOf({ confidence: 0.99, shown: false }, phase)).toBe("fallback");
    expect(presentationOf({ confidence: 0.1, shown: true }, phase)).toBe("plain");
  });

  it("otherwise applies the phase's below-threshold behaviour under its threshold", () => {
    expect(presentationOf({ confidence: 0.9 }, phase)).toBe("plain");
    expect(presentationOf({ confidence: 0.8 }, phase)).toBe("flagged");
    expect(presentationOf({ confidence: 0.8 }, { ...phase, lowConfidence: "ask" })).toBe("asked");
    expect(presentationOf({ confidence: 0.8 }, { ...phase, lowConfidence: "fallback" })).toBe("fallback");
    expect(presentationOf({ confidence: 0.01 }, undefined)).toBe("plain");
  });

  it("counts plain and flagged answers as shown", () => {
    expect(["plain", "flagged", "asked", "fallback"].map((p) => isShown(p as never))).toEqual([true, true, false, false]);
  });
});
