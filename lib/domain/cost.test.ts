import { describe, expect, it } from "vitest";
import { costByModel, costSeries, parseModelPrices } from "./cost";

const T0 = Date.parse("2026-11-20T10:00:00Z");
const H = 60; // minutes
const m0 = T0 / 60_000;
const prices = parseModelPrices(JSON.stringify({ models: { old: { input: 1, output: 4 }, new: { input: 3, output: 12 } } })).prices;
// 400 input and 100 output tokens per output: old 0.0008, new 0.0024 per output
const at = (start: number, model: string, n: number) => ({ start, model, metered: n, inputTokenSum: 400 * n, outputTokenSum: 100 * n });

describe("cost series", () => {
  it("a point per interval of the range, overall and per priced model; unpriced models left out and named; gaps are null", () => {
    const s = costSeries(
      [at(m0, "old", 10), at(m0 + 2 * H, "old", 10), at(m0 + 2 * H, "new", 30), at(m0 + 2 * H, "local", 99)],
      prices,
      T0,
      T0 + 3 * H * 60_000,
      "hour",
    );
    expect(s.interval).toBe("hour");
    expect(s.currency).toBe("USD");
    expect(s.models).toEqual(["new", "old"]);
    expect(s.unpricedModels).toEqual(["local"]);
    expect(s.points.map((p) => [p.t, p.n])).toEqual([
      ["2026-11-20T10:00:00.000Z", 10],
      ["2026-11-20T11:00:00.000Z", 0],
      ["2026-11-20T12:00:00.000Z", 40],
    ]);
    expect(s.points[0].perOutput).toBeCloseTo(0.0008, 12);
    expect(s.points[1]).toMatchObject({ perOutput: null, models: [] });
    // (10 × 0.0008 + 30 × 0.0024) / 40
    expect(s.points[2].perOutput).toBeCloseTo(0.002, 12);
    expect(s.points[2].models.map((m) => [m.model, Number(m.perOutput.toFixed(6)), m.n])).toEqual([
      ["new", 0.0024, 30],
      ["old", 0.0008, 10],
    ]);
  });

  it("per day, hours add up into their UTC day; without a price table every point is null", () => {
    const day = costSeries([at(m0, "old", 10), at(m0 + 5 * H, "new", 10)], prices, T0, T0 + 60_000, "day");
    expect(day.points).toHaveLength(1);
    expect(day.points[0].start).toBe(m0 - 10 * H);
    expect(day.points[0].perOutput).toBeCloseTo(0.0016, 12);
    const none = costSeries([at(m0, "old", 10)], null, T0, T0 + H * 60_000, "hour");
    expect(none).toMatchObject({ currency: null, models: [], unpricedModels: ["old"] });
    expect(none.points[0].perOutput).toBeNull();
  });

  it("each model's cost per output over the range, dearest first", () => {
    const s = costSeries([at(m0, "old", 10), at(m0 + H, "old", 30), at(m0 + H, "new", 5)], prices, T0, T0 + 2 * H * 60_000, "hour");
    expect(costByModel(s).map((m) => [m.model, Number(m.perOutput.toFixed(6)), m.n])).toEqual([
      ["new", 0.0024, 5],
      ["old", 0.0008, 40],
    ]);
  });
});

describe("cost chart rows", () => {
  it("a row per point with each priced model's figure; model lines only when two or more were priced, at most four by outputs", async () => {
    const { costRows } = await import("./cost");
    const s = costSeries([at(m0, "old", 10), at(m0 + H, "new", 5)], prices, T0, T0 + 2 * H * 60_000, "hour");
    const { rows, lines } = costRows(s);
    expect(lines).toEqual(["new", "old"]);
    const round = (o: Record<string, number | null>) =>
      Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v === null ? null : Number(v.toFixed(6))]));
    expect(rows.map((r) => [r.start, r.n, round(r.byModel), r.nByModel])).toEqual([
      [m0, 10, { new: null, old: 0.0008 }, { old: 10 }],
      [m0 + H, 5, { new: 0.0024, old: null }, { new: 5 }],
    ]);
    expect(costRows(costSeries([at(m0, "old", 10)], prices, T0, T0 + H * 60_000, "hour")).lines).toEqual([]);
    const many = JSON.stringify({ models: Object.fromEntries(["a", "b", "c", "d", "e"].map((k) => [k, { input: 1, output: 1 }])) });
    const five = costSeries(
      ["a", "b", "c", "d", "e"].map((k, i) => at(m0, k, 10 - i)),
      parseModelPrices(many).prices,
      T0,
      T0 + H * 60_000,
      "hour",
    );
    expect(costRows(five).lines).toEqual(["a", "b", "c", "d"]);
  });
});
