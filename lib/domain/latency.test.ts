import { describe, expect, it } from "vitest";
import { costOf, parseModelPrices } from "./cost";
import { LATENCY_BOUNDS_MS, latencyBucket, latencyColumn, latencyFigure, latencyQuantile, usageDelta } from "./latency";

const sumsOf = (durations: number[]) => {
  const sums: Record<string, number> = { timed: durations.length, durationSum: durations.reduce((a, b) => a + b, 0) };
  for (const d of durations) sums[latencyColumn(latencyBucket(d))] = (sums[latencyColumn(latencyBucket(d))] ?? 0) + 1;
  return sums;
};

describe("latency buckets", () => {
  it("fixed log bounds from 50 ms by √2 to 102.4 s, and one open bucket above", () => {
    expect(LATENCY_BOUNDS_MS.slice(0, 5)).toEqual([50, 71, 100, 141, 200]);
    expect(LATENCY_BOUNDS_MS.at(-1)).toBe(102_400);
    expect(latencyBucket(0)).toBe(0);
    expect(latencyBucket(50)).toBe(0);
    expect(latencyBucket(51)).toBe(1);
    expect(latencyBucket(102_400)).toBe(22);
    expect(latencyBucket(500_000)).toBe(23);
  });

  it("p50 and p95 within a factor √2 of the exact ones, over sums that add up across buckets", () => {
    // 1000 durations log-uniform between 300 ms and 8 s
    const durations = Array.from({ length: 1000 }, (_, i) => Math.round(300 * (8000 / 300) ** (i / 999)));
    const exact = (q: number) => durations[Math.round(q * 999)];
    const f = latencyFigure(sumsOf(durations));
    expect(f.n).toBe(1000);
    expect(f.p50Ms! / exact(0.5)).toBeGreaterThan(1 / Math.SQRT2);
    expect(f.p50Ms! / exact(0.5)).toBeLessThan(Math.SQRT2);
    expect(f.p95Ms! / exact(0.95)).toBeGreaterThan(1 / Math.SQRT2);
    expect(f.p95Ms! / exact(0.95)).toBeLessThan(Math.SQRT2);
    // two halves summed give the same figure as the whole
    const a = sumsOf(durations.slice(0, 400));
    const b = sumsOf(durations.slice(400));
    const merged: Record<string, number> = { ...a };
    for (const [k, v] of Object.entries(b)) merged[k] = (merged[k] ?? 0) + v;
    expect(latencyFigure(merged)).toEqual(f);
  });

  it("no duration: no figure; beyond the last bound: its lower bound, marked above", () => {
    expect(latencyFigure({})).toEqual({ p50Ms: null, p95Ms: null, n: 0, meanMs: null, p95Above: false });
    expect(latencyQuantile(sumsOf([200_000, 300_000]), 0.95)).toEqual({ ms: 102_400, above: true });
  });

  it("an output adds its duration and tokens when it reported them", () => {
    expect(usageDelta({})).toEqual({});
    expect(usageDelta({ durationMs: 850, inputTokens: 1200, outputTokens: null })).toEqual({
      timed: 1,
      durationSum: 850,
      [latencyColumn(latencyBucket(850))]: 1,
      metered: 1,
      inputTokenSum: 1200,
    });
  });
});

describe("cost", () => {
  it("prices per million tokens per model; unpriced models are named and left out", () => {
    const { prices, error } = parseModelPrices('{"currency": "EUR", "models": {"m1": {"input": 2.5, "output": 10}}}');
    expect(error).toBeNull();
    const c = costOf(
      [
        { model: "m1", metered: 4, inputTokenSum: 400_000, outputTokenSum: 100_000 },
        { model: "m2", metered: 3, inputTokenSum: 9, outputTokenSum: 9 },
        { model: "m3", metered: 0, inputTokenSum: 0, outputTokenSum: 0 },
      ],
      prices,
    );
    expect(c).toEqual({ total: 2, perOutput: 0.5, currency: "EUR", n: 4, unpricedModels: ["m2"] });
  });

  it("no table, or a bad one, gives no cost and says why", () => {
    expect(parseModelPrices(undefined)).toEqual({ prices: null, error: null });
    expect(parseModelPrices("{").error).toMatch(/not JSON/);
    expect(parseModelPrices('{"models": {"m1": {"input": -1, "output": 1}}}').error).toMatch(/models\.m1\.input/);
    expect(parseModelPrices('{"models": {}}').prices?.currency).toBe("USD");
    expect(costOf([{ model: "m1", metered: 2, inputTokenSum: 10, outputTokenSum: 10 }], null)).toMatchObject({
      total: null,
      perOutput: null,
      unpricedModels: ["m1"],
    });
  });
});

describe("latency chart rows", () => {
  it("p50/p95 per point, null where nothing was timed; the slowest p95 among points with enough durations", async () => {
    const { latencyRows, slowestInterval } = await import("./latency");
    const { millis, money } = await import("../format/numbers");
    const rows = latencyRows([
      { start: 1, latency: { p50Ms: 800, p95Ms: 2000, n: 40 } },
      { start: 2, latency: { p50Ms: null, p95Ms: null, n: 0 } },
      { start: 3, latency: { p50Ms: 900, p95Ms: 9000, n: 2 } },
      { start: 4, latency: { p50Ms: 1000, p95Ms: 3000, n: 12 } },
    ]);
    expect(rows[1]).toEqual({ start: 2, p50: null, p95: null, n: 0 });
    expect(slowestInterval(rows)?.start).toBe(4); // the 9 s of two durations is not a finding
    expect([millis(850), millis(2345), millis(12_300), millis(95_000), millis(null)]).toEqual([
      "850\u00a0ms",
      "2.35\u00a0s",
      "12.3\u00a0s",
      "1.6\u00a0min",
      "—",
    ]);
    expect(money(0.005123, "USD")).toBe("$0.00512");
    expect(money(null, "USD")).toBe("—");
  });
});

describe("latency_ceiling rule", () => {
  it("breach needs outputs surely above the ceiling beyond 5 % with enough samples; an estimate above it alone is watch", async () => {
    const { assessRule, EMPTY_WINDOW } = await import("./rules");
    const rule = { metric: "latency_ceiling" as const, params: { ms: 3000 }, windowMinutes: 30, minSamples: 20 };
    const at = (durations: number[]) => assessRule(rule, { ...EMPTY_WINDOW, latency: sumsOf(durations) });
    expect(at([]).status).toBe("ok");
    expect(at(Array.from({ length: 100 }, () => 800)).status).toBe("ok");
    expect(at(Array.from({ length: 100 }, (_, i) => (i % 4 === 0 ? 9000 : 800))).status).toBe("breach");
    // 3 slow of 10: p95 above the ceiling, but too few outputs for evidence
    expect(at(Array.from({ length: 10 }, (_, i) => (i < 3 ? 9000 : 800))).status).toBe("watch");
  });
});
