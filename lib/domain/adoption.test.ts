import { describe, expect, it } from "vitest";
import {
  adoptionBySegment,
  adoptionOfPlan,
  adoptionSummary,
  AdoptionDeltas,
  dayOf,
  mergedUnits,
  reachOf,
  type AdoptionRow,
} from "./adoption";
import { HyperLogLog } from "./hyperloglog";
import type { OutputRow, StoredOutput } from "./ingest-rows";

const T0 = Date.parse("2026-11-20T23:59:00Z");
const out = (id: string, unit: string | null, at: number, presentation: OutputRow["presentation"] = "plain") =>
  ({ id, featureId: "f", phase: "p", segment: "s", unit, presentation, at }) as OutputRow;
const thumb = (outputId: string) => ({ outputId, featureId: "f", value: "up" as const, comment: null, at: T0, receivedAt: T0 });

describe("adoption changes of an ingest plan", () => {
  it("counts new outputs per UTC day, shown ones, units; a first thumb on the output's day, a changed one not", () => {
    const stored = new Map<string, StoredOutput>([
      ["old", { id: "old", featureId: "f", phase: "p", segment: "s", at: T0 - 86_400_000 } as StoredOutput],
    ]);
    const deltas = adoptionOfPlan(
      {
        outputs: [out("o1", "u1", T0), out("o2", "u1", T0 + 120_000, "fallback"), out("o3", null, T0)],
        feedback: [thumb("o1"), thumb("old"), thumb("changed")],
      },
      { outputs: stored, feedback: new Map([["changed", { value: "down", comment: null, at: T0 }]]) },
    );
    const rows = deltas.list();
    expect(rows.map((r) => [r.key.day, r.counts.outputs, r.counts.shown, r.counts.feedback, r.units?.estimate() ?? null])).toEqual([
      [dayOf(T0) - 1, 0, 0, 1, null],
      [dayOf(T0), 2, 2, 1, 1],
      [dayOf(T0) + 1, 1, 0, 0, 1],
    ]);
  });

  it("tells a decision's reach; merges stored sketch bytes with a change", () => {
    expect(reachOf({ value: true, metadata: { detail: "in_audience" } })).toBe("ai");
    expect(reachOf({ value: false, metadata: { detail: "rate_limited" } })).toBe("fallback");
    expect(reachOf({ value: false, metadata: { detail: "outside_audience" } })).toBe("outside");
    expect(reachOf({ value: false, metadata: { detail: "segment_not_allowed" } })).toBe("outside");
    const stored = new HyperLogLog().add("a").add("b").toBytes();
    expect(HyperLogLog.fromBytes(mergedUnits(stored, new HyperLogLog().add("b").add("c"))!).estimate()).toBe(3);
    expect(mergedUnits(null, null)).toBeNull();
    expect(mergedUnits(stored, null)).toBe(stored);
  });

  it("a failed flush put back adds up with what came since", () => {
    const key = { featureId: "f", phase: "p", segment: "s", day: 1 };
    const a = new AdoptionDeltas().addUnit(key, "u1").count(key, "decisionsAi");
    const b = new AdoptionDeltas().addUnit(key, "u2").addUnit(key, "u1").count(key, "decisionsAi", 2);
    const [row] = b.merge(a).list();
    expect([row.units!.estimate(), row.counts.decisionsAi]).toEqual([2, 3]);
  });
});

describe("adoption by segment", () => {
  const row = (segment: string, day: number, units: string[], n: Partial<AdoptionRow> = {}): AdoptionRow => ({
    featureId: "f",
    phase: "p",
    segment,
    day,
    units: units.length ? units.reduce((s, u) => s.add(u), new HyperLogLog()).toBytes() : null,
    outputs: 0,
    shown: 0,
    feedback: 0,
    decisionsAi: 0,
    decisionsFallback: 0,
    decisionsOutside: 0,
    ...n,
  });
  it("unites the days' sketches and sums the counts; the feedback rate is over answers shown", () => {
    const bySegment = adoptionBySegment([
      row("a", 1, ["u1", "u2"], { outputs: 4, shown: 3, feedback: 1 }),
      row("a", 2, ["u2", "u3"], { outputs: 2, shown: 1, feedback: 1 }),
      row("b", 1, [], { decisionsOutside: 5 }),
    ]);
    expect(bySegment).toEqual([
      { segment: "a", units: 3, outputs: 6, shown: 4, feedback: 2, feedbackRate: 0.5, decisions: { ai: 0, fallback: 0, outside: 0 } },
      { segment: "b", units: 0, outputs: 0, shown: 0, feedback: 0, feedbackRate: null, decisions: { ai: 0, fallback: 0, outside: 5 } },
    ]);
  });
});

describe("adoption summary", () => {
  it("names the segment reaching most units and the feedback rate of every answer shown", () => {
    const s = (segment: string, units: number, shown: number, feedback: number) => ({
      segment,
      units,
      outputs: shown,
      shown,
      feedback,
      feedbackRate: null,
      decisions: { ai: 0, fallback: 0, outside: 0 },
    });
    expect(adoptionSummary([s("pro", 40, 100, 30), s("free", 10, 300, 30)])).toMatchObject({
      shown: 400,
      feedback: 60,
      feedbackRate: 0.15,
      top: { segment: "pro" },
    });
    expect(adoptionSummary([])).toEqual({ shown: 0, feedback: 0, feedbackRate: null, top: null });
  });
});
