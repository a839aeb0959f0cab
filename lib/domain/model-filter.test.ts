import { describe, expect, it } from "vitest";
import { changeMarks, type FeatureChange } from "./feature-changes";
import { modelChanges, modelInterval, modelOptions, withModelChanges } from "./model-filter";

const versions = [
  { model: "m2", minute: 2000, phase: "gradual" },
  { model: "m1", minute: 1000, phase: "beta" },
];

describe("model versions", () => {
  it("lists each model's first sighting, newest first; the first model is the baseline", () => {
    const changes = modelChanges(versions, (k) => k.toUpperCase());
    expect(changes.map((c) => [c.title, c.detail, c.at, c.baseline])).toEqual([
      ["New model m2 first seen", "phase GRADUAL", 2000 * 60_000, false],
      ["Model m1 first seen", "phase BETA; the first model in this feature's outputs", 1000 * 60_000, true],
    ]);
    expect(changes.every((c) => c.kind === "model" && c.id < 0)).toBe(true);
  });

  it("marks new models on the chart, not the baseline", () => {
    const marks = changeMarks(modelChanges(versions), [960, 1020, 1980, 2040], "hour");
    expect(marks.map((m) => [m.x, m.changes.map((c) => c.title)])).toEqual([[1980, ["New model m2 first seen"]]]);
  });

  it("merges with audit changes by time", () => {
    const audit: FeatureChange[] = [
      { id: 5, at: 1500 * 60_000, kind: "state", title: "Paused", actor: "user:a", reason: null, detail: null },
    ];
    expect(withModelChanges(audit, modelChanges(versions)).map((c) => c.title)).toEqual([
      "New model m2 first seen",
      "Paused",
      "Model m1 first seen",
    ]);
  });

  it("offers the filter's options newest first with the first-seen time", () => {
    expect(modelOptions([...versions].reverse())).toEqual([
      { model: "m2", firstSeen: 2000 * 60_000 },
      { model: "m1", firstSeen: 1000 * 60_000 },
    ]);
  });

  it("reads a model hourly at least", () => {
    expect(modelInterval("minute", "m1")).toBe("hour");
    expect(modelInterval("day", "m1")).toBe("day");
    expect(modelInterval("minute", null)).toBe("minute");
  });
});
