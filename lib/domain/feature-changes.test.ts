import { describe, expect, it } from "vitest";
import { changeMarks, MAX_MARKS, toFeatureChanges, type AuditRow } from "./feature-changes";

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

  it("snaps into pooled buckets and keeps only the newest MAX_MARKS", () => {
    const pooled = hours.filter((_, i) => i % 4 === 0);
    const many = toFeatureChanges(Array.from({ length: MAX_MARKS + 5 }, (_, i) => row(i, "rule.update", { reason: `r${i}` })));
    const marks = changeMarks(many, pooled, "hour", 240);
    expect(marks.flatMap((m) => m.changes)).toHaveLength(MAX_MARKS);
    expect(marks.every((m) => pooled.includes(m.x))).toBe(true);
    expect(marks[0].changes[0].detail).toBe("r5");
  });
});
