import { describe, expect, it } from "vitest";
import { intervalForRange } from "./buckets";
import { dashboardSearch, metricsSearch, parseDashboardQuery, RANGE_MS } from "./dashboard-query";

const NOW = Date.parse("2026-11-26T15:30:00Z");
const H = 3_600_000;

describe("parseDashboardQuery", () => {
  it("defaults to the last 24 h, hourly, all phases and segments", () => {
    expect(parseDashboardQuery({}, NOW)).toEqual({
      range: "24h",
      from: NOW - 24 * H,
      to: NOW,
      interval: "hour",
      phase: null,
      segment: null,
      compare: false,
      model: null,
    });
  });

  it("reads the model filter: hourly at least (the model rollup keeps hours), kept in links", () => {
    const q = parseDashboardQuery({ range: "1h", model: " summarizer-2026-11 " }, NOW);
    expect(q).toMatchObject({ model: "summarizer-2026-11", interval: "hour" });
    expect(parseDashboardQuery({ range: "30d", model: "m" }, NOW).interval).toBe("day");
    expect(parseDashboardQuery({ model: "   " }, NOW).model).toBeNull();
    expect(parseDashboardQuery({ model: "x".repeat(101) }, NOW).model).toBeNull();
    const search = dashboardSearch({ ...q, model: "a b" });
    expect(parseDashboardQuery(Object.fromEntries(new URLSearchParams(search)), NOW).model).toBe("a b");
    expect(new URLSearchParams(metricsSearch(q, NOW)).get("model")).toBe("summarizer-2026-11");
    expect(new URLSearchParams(metricsSearch(q, NOW)).get("interval")).toBe("hour");
  });

  it.each([
    ["1h", "minute", 60],
    ["24h", "hour", 24],
    ["7d", "hour", 168],
    ["30d", "day", 30],
  ] as const)("range %s uses a %s interval (%i points)", (range, interval, points) => {
    const q = parseDashboardQuery({ range }, NOW);
    expect(q.interval).toBe(interval);
    expect(q.to - q.from).toBe(RANGE_MS[range]);
    const size = { minute: 1, hour: 60, day: 1440 }[interval] * 60_000;
    expect((q.to - q.from) / size).toBe(points);
  });

  it("reads a custom range and picks its interval from its length", () => {
    const q = parseDashboardQuery({ range: "custom", from: "2026-11-17T12:00:00.000Z", to: "2026-11-17T22:00:00.000Z" }, NOW);
    expect(q).toMatchObject({ range: "custom", from: Date.parse("2026-11-17T12:00:00Z"), to: Date.parse("2026-11-17T22:00:00Z") });
    expect(q.interval).toBe(intervalForRange(q.from, q.to));
    expect(q.interval).toBe("hour");
  });

  it.each([
    [{ range: "custom" }],
    [{ range: "custom", from: "yesterday", to: "today" }],
    [{ range: "custom", from: "2026-11-17T22:00:00Z", to: "2026-11-17T12:00:00Z" }],
    [{ range: "custom", from: "2026-11-17T12:00:00Z", to: "2026-11-17T12:01:00Z" }],
    [{ range: "90y" }],
  ])("falls back to the default range for %o", (params) => {
    expect(parseDashboardQuery(params, NOW)).toMatchObject({ range: "24h", from: NOW - 24 * H, to: NOW });
  });

  it("reads phase, segment and comparison; ignores empty values and arrays past the first", () => {
    expect(parseDashboardQuery({ phase: "beta", segment: ["internal", "x"], compare: "phases" }, NOW)).toMatchObject({
      phase: "beta",
      segment: "internal",
      compare: true,
    });
    expect(parseDashboardQuery({ phase: "", segment: " " }, NOW)).toMatchObject({ phase: null, segment: null });
  });
});

describe("dashboardSearch", () => {
  it("leaves defaults out and round-trips through the parser", () => {
    expect(dashboardSearch({ range: "24h", phase: null, segment: null, compare: false })).toBe("");
    const search = dashboardSearch({ range: "30d", phase: "beta", segment: "internal", compare: true });
    expect(search).toBe("?range=30d&phase=beta&segment=internal&compare=phases");
    const back = parseDashboardQuery(Object.fromEntries(new URLSearchParams(search)), NOW);
    expect(back).toMatchObject({ range: "30d", phase: "beta", segment: "internal", compare: true });
  });

  it("keeps a custom range's bounds", () => {
    const from = Date.parse("2026-11-17T12:00:00Z");
    const to = Date.parse("2026-11-17T22:00:00Z");
    const search = dashboardSearch({ range: "custom", from, to, phase: null, segment: null, compare: false });
    expect(parseDashboardQuery(Object.fromEntries(new URLSearchParams(search)), NOW)).toMatchObject({ range: "custom", from, to });
  });
});

describe("metricsSearch", () => {
  it("slides a preset range with the clock", () => {
    const q = parseDashboardQuery({ range: "1h", segment: "internal" }, NOW);
    const later = NOW + 10_000;
    expect(Object.fromEntries(new URLSearchParams(metricsSearch(q, later)))).toEqual({
      from: String(later - H),
      to: String(later),
      interval: "minute",
      segment: "internal",
    });
  });

  it("keeps a custom range fixed and can ask for one phase", () => {
    const q = parseDashboardQuery({ range: "custom", from: "2026-11-17T12:00:00Z", to: "2026-11-17T22:00:00Z" }, NOW);
    const p = new URLSearchParams(metricsSearch(q, NOW + 99_999, "beta"));
    expect(p.get("from")).toBe(String(q.from));
    expect(p.get("to")).toBe(String(q.to));
    expect(p.get("phase")).toBe("beta");
  });
});
