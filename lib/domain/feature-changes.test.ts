import { describe, expect, it } from "vitest";
import { changeMarks, markLegend, MAX_MARKS, toFeatureChanges, type AuditRow } from "./feature-changes";

const T0 = Date.parse("2026-11-20T00:00:00Z");
const HOUR_MS = 3_600_000;
let id = 0;
const row = (hour: number, action: string, extra: Partial<AuditRow> = {}): AuditRow => ({
  id: ++id,
  at: new Date(T0 + hour * HOUR_MS),
  actor: "user:ana@example.com",
  action,
  target: "advice",
  reason: null,
  after: null,
  ...extra,
});

describe("toFeatureChanges", () => {
  it("keeps what changes the feature, newest first, and says what it was", () => {
    const changes = toFeatureChanges([
      row(1, "feature.pause", { reason: "dip under review" }),
      row(2, "alert.open", { actor: "rule:r1" }),
      row(3, "feature.advance", { after: JSON.stringify({ phase: { key: "gradual", name: "Gradual" } }) }),
      row(4, "rule.update", { reason: "Accuracy below 90 %", target: "advice" }),
    ]);
    expect(changes.map((c) => c.title)).toEqual(["Alert rule edited", "Advanced to the next phase", "Paused"]);
    expect(changes[0]).toMatchObject({ kind: "rule", detail: "Accuracy below 90 %", reason: null });
    expect(changes[1]).toMatchObject({ kind: "phase", detail: "now Gradual" });
    expect(changes[2]).toMatchObject({ kind: "state", reason: "dip under review", actor: "user:ana@example.com" });
  });
});

describe("changeMarks", () => {
  const hours = Array.from({ length: 24 }, (_, h) => T0 / 60_000 + h * 60);
  it("snaps changes to the chart's buckets, numbered oldest first; one bucket's changes share a mark", () => {
    const changes = toFeatureChanges([
      row(2.5, "feature.pause"),
      row(2.75, "feature.resume"),
      row(10.1, "plan.update"),
      row(11, "incident.acknowledge"), // listed in the history, not marked on charts
      row(30, "feature.pause"), // after the rows
    ]);
    const marks = changeMarks(changes, hours, "hour");
    expect(marks.map((m) => [m.x, m.label])).toEqual([
      [hours[2], "C1–C2"],
      [hours[10], "C3"],
    ]);
    expect(marks[0].changes.map((c) => c.title)).toEqual(["Paused", "Resumed"]);
  });

  it("snaps into pooled buckets; several changes in one bucket share a mark", () => {
    const pooled = hours.filter((_, i) => i % 4 === 0);
    const many = toFeatureChanges(Array.from({ length: 17 }, (_, i) => row(i, "rule.update", { reason: `r${i}` })));
    const marks = changeMarks(many, pooled, "hour", 240);
    expect(marks.map((m) => m.label)).toEqual(["C1–C4", "C5–C8", "C9–C12", "C13–C16", "C17"]);
    expect(marks.every((m) => pooled.includes(m.x))).toBe(true);
  });

  it("keeps the newest MAX_MARKS marks, counted in marks: a burst of pauses does not push an older change off", () => {
    const days = Array.from({ length: 7 * 24 }, (_, h) => T0 / 60_000 + h * 60);
    const burst = Array.from({ length: 40 }, (_, i) => row(100, i % 2 ? "feature.resume" : "feature.pause"));
    const marks = changeMarks(toFeatureChanges([row(10, "rule.update", { reason: "older" }), ...burst]), days, "hour");
    expect(marks).toHaveLength(2);
    expect(marks[0].changes[0].detail).toBe("older");
    expect(marks[1].label).toBe("C2–C41");
    expect(markLegend(marks[1]).summary).toBe("40 changes: Paused ×20, Resumed ×20");
    expect(markLegend(marks[0])).toMatchObject({ listed: [{ detail: "older" }], summary: null });

    const spread = toFeatureChanges(Array.from({ length: MAX_MARKS + 5 }, (_, i) => row(i * 2, "rule.update", { reason: `r${i}` })));
    const kept = changeMarks(spread, days, "hour");
    expect(kept).toHaveLength(MAX_MARKS);
    expect(kept[0].changes[0]).toMatchObject({ detail: "r5", label: "C1" });
  });
});
