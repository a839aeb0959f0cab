import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { ingestEvents } from "@/lib/use-cases/ingest";
import { givenFeature, givenKey, jsonRequest } from "@/lib/testing/fixtures";
import { POST } from "./route";

// POST /api/v1/features/{key}/backtest: a saved rule or a draft over a small hand-made history
// (a bad hour at 12:00), and every refusal with the one error body.

const T0 = Date.parse("2026-11-20T10:00:00Z");
const MIN = 60_000;
let readKey: string;
let ruleId: string;

const call = (feature: string, body: unknown, key: string | null = readKey) =>
  POST(jsonRequest(`/api/v1/features/${feature}/backtest`, body, key ?? undefined), { params: Promise.resolve({ key: feature }) });

beforeAll(async () => {
  const feature = await givenFeature("backtest-api", "full");
  readKey = await givenKey(["read"]);
  // a windowed floor rule (new features get sequential defaults since issue 12)
  ruleId = (
    await db.alertRule.create({
      data: {
        featureId: feature.id,
        kind: "window",
        name: "Accuracy below 85 %",
        metric: "accuracy_floor",
        params: JSON.stringify({ threshold: 0.85 }),
        windowMinutes: 60,
        minSamples: 50,
        action: "notify",
      },
    })
  ).id;
  // 10 labelled outputs a minute for 5 hours; 12:00–13:00 only 6 of 10 right
  const events: unknown[] = [];
  for (let m = 0; m < 300; m++) {
    for (let i = 0; i < 10; i++) {
      const id = `bt-${m}-${i}`;
      const bad = m >= 120 && m < 180 && i < 4;
      events.push({ type: "output", id, feature: "backtest-api", confidence: 0.95, timestamp: T0 + m * MIN + i });
      events.push({ type: "label", outputId: id, feature: "backtest-api", correct: !bad, timestamp: T0 + m * MIN + 30_000 });
    }
  }
  // the day before: 12 labels an hour, 90 % right — the baseline a sequential rule needs to know its traffic
  for (let h = 0; h < 24; h++) {
    for (let i = 0; i < 12; i++) {
      const id = `bt-base-${h}-${i}`;
      const t = Date.parse("2026-11-19T00:00:00Z") + h * 60 * MIN + i;
      events.push({ type: "output", id, feature: "backtest-api", confidence: 0.95, timestamp: t });
      events.push({ type: "label", outputId: id, feature: "backtest-api", correct: (h + i) % 10 !== 0, timestamp: t + 1000 });
    }
  }
  for (let i = 0; i < events.length; i += 1000) {
    const r = await ingestEvents(events.slice(i, i + 1000) as never, T0 + 6 * 60 * MIN);
    expect(r.rejected).toEqual([]);
  }
});

const range = { from: new Date(T0 + 60 * MIN).toISOString(), to: T0 + 300 * MIN };

describe("POST /api/v1/features/{key}/backtest", () => {
  it("backtests a saved rule by id and reports the incident's detection", async () => {
    const res = await call("backtest-api", { ruleId, ...range, incident: { from: T0 + 120 * MIN, to: T0 + 180 * MIN } });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.feature).toBe("backtest-api");
    expect(body.rule).toMatchObject({ id: ruleId, metric: "accuracy_floor", action: "notify" });
    expect(body.alerts).toHaveLength(1);
    expect(body.alerts[0].openedAt).toBeGreaterThan(T0 + 120 * MIN);
    expect(body.alerts[0].opened).toMatchObject({ sampleSize: expect.any(Number), value: expect.any(Number) });
    expect(body.incident).toMatchObject({ detected: true, alertsOutside: 0, wouldPause: false });
    expect(body.summary).toMatchObject({ minutes: 240, alerts: 1 });
    expect(body.series).toHaveLength(4);
    // "rule" may also carry the id
    expect((await call("backtest-api", { rule: ruleId, ...range })).status).toBe(200);
  });

  it("backtests a draft that pauses, without saving anything", async () => {
    const before = await db.alertRule.count();
    const draft = { metric: "accuracy_floor", params: { threshold: 0.8 }, windowMinutes: 30, minSamples: 100, action: "pause" };
    const res = await call("backtest-api", { rule: draft, ...range });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.rule).toMatchObject({ id: null, name: "Draft rule", windowMinutes: 30 });
    expect(body.summary.wouldPause).toBe(true); // 30 min of 60 % accuracy: the upper bound is far under 80 %
    expect(body.incident).toBeNull();
    expect(await db.alertRule.count()).toBe(before);
    expect(await db.alert.count()).toBe(0);
  });

  it("backtests a sequential draft: alerts name their slice, and the cost at this traffic comes with it", async () => {
    const draft = {
      kind: "sequential",
      metric: "accuracy",
      params: { baseline: "fixed", level: 0.85, falseAlarmsPer30d: 1 },
      action: "pause",
    };
    const res = await call("backtest-api", { rule: draft, ...range, incident: { from: T0 + 120 * MIN, to: T0 + 180 * MIN } });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.rule).toMatchObject({ id: null, kind: "sequential", metric: "accuracy", windowMinutes: 30 });
    // 10 labels a minute, 60 % right against an 85 % floor: found within minutes
    expect(body.incident).toMatchObject({ detected: true, wouldPause: true, alertsOutside: 0 });
    expect(body.incident.detectionDelayMinutes).toBeLessThanOrEqual(5);
    expect(body.alerts[0].slice).toBe("phase:full");
    expect(body.alerts[0].opened.message).toMatch(/^phase full: \d+ % \(n = \d+\) vs 85 % normal$/);
    // priced at the traffic of the day before (12 labels an hour): the whole budget on its one slice
    expect(body.cost.slices).toHaveLength(1);
    expect(body.cost.slices[0]).toMatchObject({ slice: "phase:full", normal: expect.closeTo(0.15, 5) });
    expect(body.cost.falseAlarmsPer30d).toBeCloseTo(1, 1);
  });

  it("backtests the sequential overconfidence signal: confident answers (≥ the phase's threshold) labelled wrong", async () => {
    const draft = { kind: "sequential", metric: "confident_wrong", params: { baseline: "fixed", level: 0.15, falseAlarmsPer30d: 1 } };
    const res = await call("backtest-api", { rule: draft, ...range, incident: { from: T0 + 120 * MIN, to: T0 + 180 * MIN } });
    expect(res.status).toBe(200);
    const body = await res.json();
    // every output is at 0.95, above the phase's threshold: 40 % of them wrong for an hour against a 15 % ceiling
    expect(body.incident).toMatchObject({ detected: true, alertsOutside: 0 });
    expect(body.incident.detectionDelayMinutes).toBeLessThanOrEqual(5);
    expect(body.alerts[0].opened.message).toMatch(
      /^phase full: \d+ % of confident answers wrong \(n = \d+\) vs 15 % of confident answers wrong normal$/,
    );
  });

  it("accepts a draft on the estimate from confidence; without random-sample labels it has no map and watches nothing", async () => {
    const draft = { kind: "sequential", metric: "estimate", params: { baseline: "history", falseAlarmsPer30d: 0.15 } };
    const res = await call("backtest-api", { rule: draft, ...range, incident: { from: T0 + 120 * MIN, to: T0 + 180 * MIN } });
    expect(res.status).toBe(200);
    const body = await res.json();
    // the labels here are targeted (phase full samples none at ingest): no calibration map
    expect(body.alerts).toEqual([]);
    expect(body.incident).toMatchObject({ detected: false });
  });

  it("backtests a sequential draft against the previous phase: normal is the phase before in the plan", async () => {
    await givenFeature("backtest-prev", "full");
    // two days before: a day in "gradual" (1 label a minute, 95 % right); then "full" at 10 a minute, 60 % right for an hour
    const events: unknown[] = [];
    const day = Date.parse("2026-11-18T00:00:00Z");
    for (let m = 0; m < 1440; m++) {
      const id = `prev-g-${m}`;
      events.push({ type: "output", id, feature: "backtest-prev", phase: "gradual", confidence: 0.95, timestamp: day + m * MIN });
      events.push({ type: "label", outputId: id, feature: "backtest-prev", correct: m % 20 !== 0, timestamp: day + m * MIN + 1000 });
    }
    for (let m = 0; m < 120; m++) {
      for (let i = 0; i < 10; i++) {
        const id = `prev-f-${m}-${i}`;
        const t = T0 + m * MIN + i;
        events.push({ type: "output", id, feature: "backtest-prev", phase: "full", confidence: 0.95, timestamp: t });
        events.push({ type: "label", outputId: id, feature: "backtest-prev", correct: m < 60 ? i !== 0 : i >= 4, timestamp: t + 30_000 });
      }
    }
    for (let i = 0; i < events.length; i += 1000) {
      const r = await ingestEvents(events.slice(i, i + 1000) as never, T0 + 3 * 60 * MIN);
      expect(r.rejected).toEqual([]);
    }
    const draft = { kind: "sequential", metric: "accuracy", params: { baseline: "previous_phase", falseAlarmsPer30d: 1 } };
    const res = await call("backtest-prev", {
      rule: draft,
      from: T0,
      to: T0 + 120 * MIN,
      incident: { from: T0 + 60 * MIN, to: T0 + 120 * MIN },
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.rule.params).toMatchObject({ baseline: "previous_phase" });
    expect(body.incident).toMatchObject({ detected: true, alertsOutside: 0 });
    expect(body.alerts[0]).toMatchObject({ slice: "phase:full" });
    expect(body.alerts[0].opened.message).toMatch(/^phase full: \d+ % \(n = \d+\) vs 95 % normal \(in phase gradual\)$/);
    // the cost prices slices with traffic in the days before `to`: "full" entered today is not among them yet
    expect(body.cost.slices).toEqual([]);
  });

  it("refuses bad bodies with 400 and the error body", async () => {
    const bad = [
      {},
      { ...range },
      { ruleId, rule: ruleId, ...range },
      { ruleId, from: T0, to: T0 },
      { ruleId, from: "yesterday", to: T0 },
      { ruleId, from: T0 - 100 * 86_400_000, to: T0 },
      { ruleId, ...range, incident: { from: T0 + 10, to: T0 } },
      { rule: { metric: "accuracy_ceiling", windowMinutes: 60, minSamples: 50 }, ...range },
      { rule: { metric: "accuracy_floor", windowMinutes: 0, minSamples: 50 }, ...range },
      { rule: { metric: "accuracy_floor", params: { threshold: 1.5 }, windowMinutes: 60, minSamples: 50 }, ...range },
      { rule: { metric: "accuracy_floor", params: { nonsense: 1 }, windowMinutes: 60, minSamples: 50 }, ...range },
      { ruleId, ...range, extra: true },
      { rule: { kind: "sequential", metric: "accuracy_floor", params: {} }, ...range },
      { rule: { kind: "sequential", metric: "accuracy", params: { falseAlarmsPer30d: 0 } }, ...range },
      { rule: { kind: "sequential", metric: "accuracy", params: { threshold: 0.9 } }, ...range },
      { rule: { kind: "sequential", metric: "accuracy", params: { baseline: "last_phase" } }, ...range },
      { rule: { kind: "ratio", metric: "accuracy" }, ...range },
    ];
    for (const body of bad) {
      const res = await call("backtest-api", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await res.json()).toMatchObject({
        error: { code: "invalid_request", message: expect.any(String), details: expect.any(Array) },
      });
    }
    const notJson = await call("backtest-api", "{oops");
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error.code).toBe("invalid_json");
  });

  it("answers 404 for an unknown feature or a rule of another feature, 401/403 for keys", async () => {
    const missing = await call("nope", { ruleId, ...range });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: "not_found", message: expect.any(String) } });
    const other = await givenFeature("backtest-other", "full");
    const foreign = await db.alertRule.findFirstOrThrow({ where: { featureId: other.id } });
    const wrongRule = await call("backtest-api", { ruleId: foreign.id, ...range });
    expect(wrongRule.status).toBe(404);
    expect((await call("backtest-api", { ruleId: "no-such-rule", ...range })).status).toBe(404);
    expect((await call("backtest-api", { ruleId, ...range }, null)).status).toBe(401);
    const ingestOnly = await givenKey(["ingest"]);
    const refused = await call("backtest-api", { ruleId, ...range }, ingestOnly);
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe("forbidden");
  });
});
