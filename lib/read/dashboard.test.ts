import { beforeAll, describe, expect, it } from "vitest";
import { givenFeature } from "../testing/fixtures";
import { filterOptions, openAlertCounts, phaseAccuracySeries, phaseFloors } from "./dashboard";
import type { FeatureConfig } from "../data/features";
import { ingestEvents } from "../use-cases/ingest";
import { rollupSeries } from "./rollup-reader";

// The dashboard's extra reads on a real database: per-phase accuracy from the rollups, the
// filter options in a range, the phase floors and the open-alert counts.

const T0 = Date.parse("2026-11-20T00:00:00Z");
const HOUR = 3_600_000;
let feature: FeatureConfig;

beforeAll(async () => {
  feature = await givenFeature("dash-feature", "early-access");
  const samples = [
    { phase: "beta", segment: "internal", correct: 45, total: 50, at: T0 + 10 * 60_000 },
    { phase: "early-access", segment: "default", correct: 30, total: 40, at: T0 + HOUR + 5 * 60_000 },
    { phase: "early-access", segment: "enterprise", correct: 8, total: 10, at: T0 + HOUR + 9 * 60_000 },
  ];
  const res = await ingestEvents(
    samples.map((s, i) => ({
      type: "accuracy",
      id: `s${i}`,
      feature: "dash-feature",
      phase: s.phase,
      segment: s.segment,
      correct: s.correct,
      total: s.total,
      timestamp: s.at,
    })),
    T0 + 3 * HOUR,
  );
  expect(res.accepted).toBe(3);
});

describe("phaseAccuracySeries", () => {
  it("gives each phase its own zero-filled accuracy series", async () => {
    const series = await phaseAccuracySeries(feature.id, { from: T0, to: T0 + 2 * HOUR, interval: "hour" });
    const byPhase = Object.fromEntries(series.map((s) => [s.phase, s.points.map((p) => [p.accuracy.n, p.accuracy.value])]));
    expect(byPhase).toEqual({
      beta: [
        [50, 0.9],
        [0, null],
      ],
      "early-access": [
        [0, null],
        [50, 0.76],
      ],
    });
  });

  it("respects the segment filter", async () => {
    const series = await phaseAccuracySeries(feature.id, { from: T0, to: T0 + 2 * HOUR, interval: "hour", segment: "enterprise" });
    expect(series.map((s) => [s.phase, s.points[1].accuracy.n])).toEqual([["early-access", 10]]);
  });
});

describe("rollupSeries", () => {
  it("groups in the database: one row per interval, starting on the interval", async () => {
    const rows = await rollupSeries(
      { featureId: feature.id, fromMinute: T0 / 60_000, toMinute: (T0 + 2 * HOUR) / 60_000 },
      ["labelled", "correct"],
      { intervalMinutes: 120 },
    );
    // the three samples (minutes 10, 65 and 69) fall in one two-hour interval
    expect(rows).toEqual([{ start: T0 / 60_000, sums: { labelled: 100, correct: 83 } }]);
  });
});

describe("filterOptions", () => {
  it("lists the phases and segments with data in the range", async () => {
    const all = await filterOptions(feature.id, T0, T0 + 2 * HOUR);
    expect(all.phases.sort()).toEqual(["beta", "early-access"]);
    expect(all.segments.map((s) => s.key)).toEqual(["default", "enterprise", "internal"]);
    const first = await filterOptions(feature.id, T0, T0 + HOUR);
    expect(first.phases).toEqual(["beta"]);
  });
});

describe("phaseFloors and openAlertCounts", () => {
  it("reads each phase's accuracy floor from its success criteria", async () => {
    expect(await phaseFloors(feature.id)).toMatchObject({ beta: 0.9, "early-access": 0.88, gradual: 0.85, full: 0.85 });
  });

  it("counts alerts that are not resolved", async () => {
    const counts = await openAlertCounts();
    expect(counts.get(feature.id) ?? 0).toBeGreaterThanOrEqual(0);
  });
});
