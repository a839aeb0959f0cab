import { describe, expect, it } from "vitest";
import { byTrouble, featureHealth } from "./feature-health";
import { rate } from "./stats";

const base = { state: "running", floor: 0.9, openAlerts: 0, criticalTickets: 0 };

describe("featureHealth", () => {
  it("is failing only when the whole interval is below the floor with enough labels", () => {
    expect(featureHealth({ ...base, accuracy: rate(800, 1000) })).toBe("failing");
    expect(featureHealth({ ...base, accuracy: rate(8, 10) })).toBe("watch");
    expect(featureHealth({ ...base, accuracy: rate(885, 1000) })).toBe("watch");
    expect(featureHealth({ ...base, accuracy: rate(950, 1000) })).toBe("healthy");
  });

  it("puts open alerts and pauses before statistics", () => {
    expect(featureHealth({ ...base, openAlerts: 1, accuracy: rate(950, 1000) })).toBe("alerting");
    expect(featureHealth({ ...base, state: "paused", accuracy: rate(950, 1000) })).toBe("paused");
    expect(featureHealth({ ...base, state: "completed", openAlerts: 2, accuracy: rate(1, 10) })).toBe("completed");
  });

  it("watches critical tickets and admits when there are no labels", () => {
    expect(featureHealth({ ...base, criticalTickets: 1, accuracy: rate(950, 1000) })).toBe("watch");
    expect(featureHealth({ ...base, accuracy: rate(0, 0) })).toBe("no-data");
  });
});

describe("byTrouble", () => {
  it("sorts trouble first, then by the lower bound of accuracy", () => {
    const rows = [
      { name: "ok", health: "healthy" as const, accuracy: rate(950, 1000) },
      { name: "empty", health: "no-data" as const, accuracy: rate(0, 0) },
      { name: "low-ok", health: "healthy" as const, accuracy: rate(91, 100) },
      { name: "paused", health: "paused" as const, accuracy: rate(95, 100) },
      { name: "alert", health: "alerting" as const, accuracy: rate(99, 100) },
    ];
    expect(byTrouble(rows).map((r) => r.name)).toEqual(["alert", "paused", "low-ok", "ok", "empty"]);
  });
});
