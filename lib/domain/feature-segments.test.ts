import { describe, expect, it } from "vitest";
import { featureSegments } from "./feature-segments";

describe("featureSegments", () => {
  it("lists segments with data first, then planned ones without data, each once", () => {
    const seen = [
      { key: "internal", name: "Internal" },
      { key: "beta-power-users", name: "Beta power users" },
    ];
    const out = featureSegments(seen, ["beta-power-users", "enterprise"], [{ key: "enterprise", name: "Enterprise" }]);
    expect(out).toEqual([
      { key: "beta-power-users", name: "Beta power users", hasData: true },
      { key: "internal", name: "Internal", hasData: true },
      { key: "enterprise", name: "Enterprise", hasData: false },
    ]);
  });

  it("leaves out segments of other features", () => {
    expect(featureSegments([], [], [{ key: "other", name: "Other" }])).toEqual([]);
  });
});
