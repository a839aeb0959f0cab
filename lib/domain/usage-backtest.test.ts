import { describe, expect, it } from "vitest";
import { latencyBucket, latencyColumn } from "./latency";
import { hoursOf, PrefixColumns, usageFigure, usageWindows } from "./usage-backtest";

// The latency and cost rules' windows in the backtest (lib/read/backtest.property.test.ts holds
// them to the live evaluator on stored rollups): which hours a cost window reads, and the sums.

const PRICES = { currency: "EUR", models: { cheap: { input: 1, output: 4 }, dear: { input: 10, output: 40 } } };
const H = 60;

describe("usage windows for the backtest", () => {
  it("a cost window reads every hour it touches, and only those", () => {
    expect(hoursOf(10 * H, 11 * H)).toEqual({ from: 10, to: 11 }); // 10:00–11:00: hour 10
    expect(hoursOf(10 * H + 59, 11 * H + 59)).toEqual({ from: 10, to: 12 }); // 10:59–11:59: hours 10 and 11
    expect(hoursOf(11 * H, 12 * H)).toEqual({ from: 11, to: 12 });
  });

  it("prices each model's tokens of the hours touched; a model without a price is left out and named", () => {
    const hour = (h: number, model: string, metered: number) => ({
      start: h * H,
      model,
      metered,
      inputTokenSum: metered * 1000,
      outputTokenSum: metered * 250,
    });
    const window = usageWindows(
      { kind: "cost", hours: [hour(10, "cheap", 40), hour(11, "dear", 60), hour(11, "local", 5)], prices: PRICES },
      9 * H,
      13 * H,
    );
    // cheap: 1000 × 1 + 250 × 4 = 2000 per million tokens → 0.002 each; dear: 0.02 each
    expect(window(10 * H + 30, 10 * H + 45).cost).toEqual({ total: 0.08, perOutput: 0.002, currency: "EUR", n: 40, unpricedModels: [] });
    const both = window(10 * H + 59, 11 * H + 59).cost!;
    expect(both.perOutput).toBeCloseTo((40 * 0.002 + 60 * 0.02) / 100, 12);
    expect(both).toMatchObject({ n: 100, unpricedModels: ["local"] });
    expect(window(12 * H, 13 * H).cost).toMatchObject({ perOutput: null, n: 0 });
    expect(usageFigure(window(11 * H, 11 * H + 1))).toEqual({ value: expect.closeTo(0.02, 12), n: 60 });
  });

  it("a latency window sums its minutes' buckets, and the chart's figure is their p95", () => {
    const minute = (m: number, ms: number, n: number) => ({ minute: m, sums: { timed: n, [latencyColumn(latencyBucket(ms))]: n } });
    const window = usageWindows({ kind: "latency", minutes: [minute(100, 120, 95), minute(101, 3000, 5), minute(105, 3000, 50)] }, 90, 110);
    const first = window(100, 102);
    expect(first.latency!.timed).toBe(100);
    const figure = usageFigure(first);
    expect(figure.n).toBe(100);
    expect(figure.value!).toBeLessThan(3000); // 95 of 100 at 120 ms: the 95th percentile is still in their bucket
    expect(usageFigure(window(100, 106)).value!).toBeGreaterThan(2000);
    expect(usageFigure(window(102, 105))).toEqual({ value: null, n: 0 });
  });

  it("prefix sums clip to the positions held", () => {
    const sums = new PrefixColumns(
      0,
      10,
      [
        { at: 0, sums: { a: 1 } },
        { at: 9, sums: { a: 2 } },
        { at: 10, sums: { a: 99 } },
      ],
      ["a"],
    );
    expect(sums.sum(-5, 100)).toEqual({ a: 3 });
    expect(sums.sum(1, 9)).toEqual({ a: 0 });
    expect(sums.sum(5, 2)).toEqual({ a: 0 });
  });
});
