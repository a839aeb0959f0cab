import { describe, expect, it } from "vitest";
import { backtestChartData, figureTicks, joinPeriods } from "./backtest-chart";
import { rate } from "./stats";

const M = 60_000;

describe("backtest chart data", () => {
  it("joins watch periods closer than the gap, keeps the others apart", () => {
    const p = (a: number, b: number) => ({ from: a * M, to: b * M });
    expect(joinPeriods([p(0, 5), p(20, 30), p(100, 101)], 30)).toEqual([
      { x1: 0, x2: 30 },
      { x1: 100, x2: 101 },
    ]);
    expect(joinPeriods([], 30)).toEqual([]);
  });

  it("draws alerts to the end of their resolving minute, or to the range end when still open; floor only for floor rules", () => {
    const data = backtestChartData({
      from: 0,
      to: 600 * M,
      series: [
        { start: 0, accuracy: rate(70, 100) },
        { start: 60, accuracy: rate(5, 10) },
      ],
      watch: [],
      alerts: [
        { openedAt: 20 * M + M - 1, resolvedAt: 90 * M + M - 1 },
        { openedAt: 500 * M + M - 1, resolvedAt: null },
      ],
      rule: { metric: "accuracy_floor", params: { threshold: 0.9 } },
    });
    expect(data.alerts).toEqual([
      { x1: 20, x2: 91 },
      { x1: 500, x2: 600 },
    ]);
    expect(data.domain).toEqual([0, 600]);
    expect(data.floor).toBe(0.9);
    expect(data.rows[1]).toMatchObject({ solid: null, sparse: 0.5 }); // 10 labels: uncertain
    expect(data.yMin).toBe(0.6); // the 70 % hour's band and the floor; the 10-label hour does not stretch the axis
    const drop = backtestChartData({ from: 0, to: M, series: [], watch: [], alerts: [], rule: { metric: "accuracy_drop", params: {} } });
    expect(drop.floor).toBeNull();
    expect(drop.yMin).toBe(0.5);
  });

  it("draws a thumbs-down rule's own signal: the thumbs-down share under its ceiling, on an axis from 0", () => {
    const data = backtestChartData({
      from: 0,
      to: 120 * M,
      series: [
        { start: 0, accuracy: rate(90, 100), thumbsDown: rate(12, 100) },
        { start: 60, accuracy: rate(95, 100), thumbsDown: rate(4, 100) },
      ],
      watch: [],
      alerts: [],
      rule: { metric: "thumbs_down_ceiling", params: { ceiling: 0.08 } },
    });
    expect(data.measure).toBe("thumbs_down");
    expect(data.rows.map((r) => r.value)).toEqual([0.12, 0.04]);
    expect(data.floor).toBe(0.08);
    expect([data.yMin, data.yMax]).toEqual([0, 0.2]); // the 12 % hour's band reaches 19.9 %
    const accuracy = backtestChartData({
      ...data,
      from: 0,
      to: 120 * M,
      series: [],
      watch: [],
      alerts: [],
      rule: { metric: "accuracy_floor", params: { threshold: 0.9 } },
    });
    expect([accuracy.measure, accuracy.yMax]).toEqual(["accuracy", 1]);
  });

  it("draws a cost rule's cost per output and a latency rule's p95 under their ceiling: no band, small hours hollow", () => {
    const series = [
      { start: 0, accuracy: rate(0, 0), usage: { value: 0.0008, n: 40 } },
      { start: 60, accuracy: rate(0, 0), usage: { value: 0.0024, n: 12 } },
      { start: 120, accuracy: rate(0, 0), usage: { value: null, n: 0 } },
    ];
    const cost = backtestChartData({
      from: 0,
      to: 180 * M,
      series,
      watch: [],
      alerts: [],
      currency: "EUR",
      rule: { metric: "cost_ceiling", params: { cost: 0.002 } },
    });
    expect(cost).toMatchObject({ measure: "cost", currency: "EUR", floor: 0.002, yMin: 0, yMax: 0.003, ticks: [0, 0.001, 0.002, 0.003] });
    expect(cost.rows.map((r) => [r.solid, r.sparse, r.band])).toEqual([
      [0.0008, null, null],
      [null, 0.0024, null],
      [null, null, null],
    ]);
    const latency = backtestChartData({
      from: 0,
      to: 180 * M,
      series: series.map((p, i) => ({ ...p, usage: { value: [900, 1800, null][i], n: 50 } })),
      watch: [],
      alerts: [],
      rule: { metric: "latency_ceiling", params: { ms: 2500 } },
    });
    expect(latency).toMatchObject({ measure: "latency", floor: 2500, yMin: 0, yMax: 3000, ticks: [0, 1000, 2000, 3000] });
    expect(latency.currency).toBeUndefined();
  });

  it("ticks a figure axis at round steps from 0 to at least its top", () => {
    expect(figureTicks(0.0143)).toEqual([0, 0.005, 0.01, 0.015]);
    expect(figureTicks(7600)).toEqual([0, 2000, 4000, 6000, 8000]);
    expect(figureTicks(2625)).toEqual([0, 1000, 2000, 3000]);
    expect(figureTicks(0.00091)).toEqual([0, 0.00025, 0.0005, 0.00075, 0.001]);
    expect(figureTicks(0)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });
});
