import { parseAlertSlices } from "../domain/alert-slices";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { db } from "../db";
import { MINUTE_MS } from "../domain/buckets";
import { givenFeature } from "../testing/fixtures";
import { windowedDefaultRules } from "../domain/default-rules";
import { rulesOf } from "../data/alert-rules";
import { evaluateFeature, evaluationsSettled } from "../use-cases/evaluate-alerts";
import { backtestRule } from "./backtest";
import { ingestEvents } from "../use-cases/ingest";

// the latency and cost rules' property (last below) prices two of three models
vi.hoisted(() => {
  process.env.ROLLGUARD_MODEL_PRICES = JSON.stringify({
    models: { "m-cheap": { input: 1, output: 4 }, "m-dear": { input: 10, output: 40 } },
  });
});

// Property: for random histories stored through the real ingest path, the live evaluator
// (`evaluateFeature`, window sums by SQL, Alert rows) run at the end of every minute and the
// backtest of each rule over the same range (one grouped query, prefix sums) open and resolve the
// same alerts at the same minutes, with the same figures.

const T0 = Math.floor((Date.now() - 2 * 86_400_000) / 3_600_000) * 3_600_000;
let run = 0;

const minuteArb = fc.record({
  outputs: fc.integer({ min: 0, max: 6 }),
  wrongShare: fc.double({ min: 0, max: 1, noNaN: true }),
  downShare: fc.double({ min: 0, max: 1, noNaN: true }),
  confidence: fc.double({ min: 0.5, max: 0.99, noNaN: true }),
  critical: fc.boolean(),
});
type MinuteShape = typeof minuteArb extends fc.Arbitrary<infer T> ? T : never;
const historyArb = fc.array(fc.tuple(fc.integer({ min: 5, max: 30 }), minuteArb), { minLength: 3, maxLength: 8 });
const rulesArb = fc.record({
  windowMinutes: fc.integer({ min: 5, max: 30 }),
  minSamples: fc.integer({ min: 0, max: 40 }),
  level: fc.double({ min: 0.6, max: 0.95, noNaN: true }),
});

function events(feature: string, history: [number, MinuteShape][]) {
  const out: Record<string, unknown>[] = [];
  let minute = -30; // half an hour of history before the range
  for (const [length, s] of history) {
    for (let i = 0; i < length; i++, minute++) {
      const t = T0 + minute * MINUTE_MS;
      for (let k = 0; k < s.outputs; k++) {
        const id = `${feature}-${minute}-${k}`;
        out.push({ type: "output", id, feature, confidence: Math.round(s.confidence * 1000) / 1000, timestamp: t + k });
        out.push({ type: "label", outputId: id, feature, correct: k >= Math.round(s.outputs * s.wrongShare), timestamp: t + 1000 });
        out.push({
          type: "feedback",
          outputId: id,
          feature,
          value: k < Math.round(s.outputs * s.downShare) ? "down" : "up",
          timestamp: t + 2000,
        });
      }
      if (s.critical && minute % 3 === 0)
        out.push({ type: "ticket", id: `${feature}-t${minute}`, feature, severity: "critical", timestamp: t });
    }
  }
  return { events: out, end: T0 + minute * MINUTE_MS };
}

/**
 * Runs the live evaluator at the end of every minute of [T0, end) on what is stored, then each
 * windowed rule's backtest over the same range: the same alerts open and resolve at the same
 * minutes, and the Alert rows the live evaluator wrote carry the figures the backtest reports.
 * Returns the alerts opened.
 */
async function liveEqualsBacktest(featureId: string, end: number): Promise<number> {
  await evaluationsSettled(); // ingest schedules an evaluation at the real clock; let it finish first
  await db.alert.deleteMany({ where: { featureId } });
  if (end <= T0) return 0;
  const live: Record<string, { at: number; transition: string }[]> = {};
  for (let t = T0 + MINUTE_MS - 1; t < end; t += MINUTE_MS) {
    for (const o of await evaluateFeature(featureId, t))
      if (o.transition) (live[o.ruleId] ??= []).push({ at: t, transition: o.transition });
  }
  let opened = 0;
  for (const rule of await rulesOf(featureId)) {
    const result = await backtestRule({ featureId, rule, from: T0, to: end });
    const replayed = result.alerts.flatMap((a) => [
      { at: a.openedAt, transition: "opened" },
      ...(a.resolvedAt === null ? [] : [{ at: a.resolvedAt, transition: "resolved" }]),
    ]);
    expect(replayed, rule.metric).toEqual(live[rule.id] ?? []);
    const rows = await db.alert.findMany({ where: { ruleId: rule.id }, orderBy: { openedAt: "asc" } });
    expect(rows.map((r) => [r.sampleSize, r.message])).toEqual(result.alerts.map((a) => [a.opened.sampleSize, a.opened.message]));
    opened += result.alerts.length;
  }
  return opened;
}

describe("property: live evaluation minute by minute = backtest, on the stored rollups", () => {
  it("gives identical alerts for random histories and rule settings", async () => {
    let opened = 0;
    await fc.assert(
      fc.asyncProperty(historyArb, rulesArb, async (history, settings) => {
        const key = `prop-${++run}`;
        const feature = await givenFeature(key, "full");
        // the windowed rule kind (what every feature had before issue 12), one rule per metric
        await db.alertRule.deleteMany({ where: { featureId: feature.id } });
        for (const t of [
          ...windowedDefaultRules("high", 0.9),
          { name: "overconfidence", metric: "overconfidence", params: {}, windowMinutes: 60, minSamples: 50, action: "notify" },
        ]) {
          await db.alertRule.create({
            data: {
              featureId: feature.id,
              kind: "window",
              name: t.name,
              metric: t.metric,
              params: "{}",
              windowMinutes: t.windowMinutes,
              minSamples: t.minSamples,
              action: t.action,
            },
          });
        }
        for (const r of await db.alertRule.findMany({ where: { featureId: feature.id } })) {
          const params = {
            accuracy_floor: { threshold: settings.level },
            accuracy_drop: { points: 0.05, baselineMinutes: 30, alpha: 0.05 },
            thumbs_down_ceiling: { ceiling: 1 - settings.level },
            critical_tickets: { count: 2 },
            overconfidence: { gap: 0.1 },
          }[r.metric as "accuracy_floor"];
          await db.alertRule.update({
            where: { id: r.id },
            data: { windowMinutes: settings.windowMinutes, minSamples: settings.minSamples, params: JSON.stringify(params) },
          });
        }
        const { events: batch, end } = events(key, history);
        for (let i = 0; i < batch.length; i += 1000) {
          const res = await ingestEvents(batch.slice(i, i + 1000) as never, Date.now());
          expect(res.rejected).toEqual([]);
        }
        opened += await liveEqualsBacktest(feature.id, end);
      }),
      { numRuns: 6 },
    );
    expect(opened, "alerts opened across the random histories").toBeGreaterThan(3);
  }, 300_000);
});

// The same property for sequential rules, across slices: two segments with their own random
// histories, a baseline of the two days before, and random budgets (a generous budget makes the
// thresholds low enough that the random histories open and resolve alerts on several slices).
const T1 = Math.floor((Date.now() - 3 * 86_400_000) / 86_400_000) * 86_400_000 + 6 * 3_600_000; // 06:00 UTC, three days ago

const segmentMinuteArb = fc.record({ a: minuteArb, b: minuteArb });
const segmentHistoryArb = fc.array(fc.tuple(fc.integer({ min: 5, max: 30 }), segmentMinuteArb), { minLength: 3, maxLength: 8 });
const sequentialArb = fc.record({
  windowMinutes: fc.integer({ min: 3, max: 30 }),
  budget: fc.double({ min: 5, max: 100, noNaN: true }),
  memoryMinutes: fc.integer({ min: 30, max: 240 }),
  level: fc.double({ min: 0.6, max: 0.95, noNaN: true }),
});

function segmentEvents(feature: string, history: [number, { a: MinuteShape; b: MinuteShape }][]) {
  const out: Record<string, unknown>[] = [];
  // baseline: the two days before, one busy minute an hour per segment (~10 % wrong, ~10 % down)
  for (let h = -48; h < -6; h++) {
    for (const segment of ["a", "b"]) {
      const t = T1 + h * 3_600_000 + (segment === "a" ? 0 : 60_000);
      for (let k = 0; k < 12; k++) {
        const id = `${feature}-base-${segment}-${h}-${k}`;
        out.push({ type: "output", id, feature, segment, confidence: 0.9, timestamp: t + k });
        out.push({ type: "label", outputId: id, feature, correct: (h * 12 + k) % 10 !== 0, timestamp: t + 1000 });
        out.push({ type: "feedback", outputId: id, feature, value: (h * 12 + k) % 9 === 0 ? "down" : "up", timestamp: t + 2000 });
      }
    }
  }
  let minute = -30;
  for (const [length, shapes] of history) {
    for (let i = 0; i < length; i++, minute++) {
      const t = T1 + minute * MINUTE_MS;
      for (const segment of ["a", "b"] as const) {
        const s = shapes[segment];
        for (let k = 0; k < s.outputs; k++) {
          const id = `${feature}-${segment}-${minute}-${k}`;
          out.push({ type: "output", id, feature, segment, confidence: Math.round(s.confidence * 1000) / 1000, timestamp: t + k });
          out.push({ type: "label", outputId: id, feature, correct: k >= Math.round(s.outputs * s.wrongShare), timestamp: t + 1000 });
          out.push({
            type: "feedback",
            outputId: id,
            feature,
            value: k < Math.round(s.outputs * s.downShare) ? "down" : "up",
            timestamp: t + 2000,
          });
        }
        if (s.critical && minute % 3 === 0)
          out.push({ type: "ticket", id: `${feature}-t${segment}${minute}`, feature, segment, severity: "critical", timestamp: t });
      }
    }
  }
  return { events: out, end: T1 + minute * MINUTE_MS };
}

describe("property: sequential rules, every slice — live minute by minute = backtest", () => {
  it("gives identical alerts per slice for random histories, budgets and memories", async () => {
    let opened = 0;
    const slices = new Set<string>();
    await fc.assert(
      fc.asyncProperty(segmentHistoryArb, sequentialArb, async (history, settings) => {
        const key = `seq-${++run}`;
        const feature = await givenFeature(key, "full");
        await db.alertRule.deleteMany({ where: { featureId: feature.id } });
        const common = {
          featureId: feature.id,
          kind: "sequential",
          windowMinutes: settings.windowMinutes,
          minSamples: 0,
          action: "notify",
        };
        const params = (p: object) =>
          JSON.stringify({ falseAlarmsPer30d: settings.budget, memoryMinutes: settings.memoryMinutes, minBaseline: 50, ...p });
        await db.alertRule.createMany({
          data: [
            { ...common, name: "accuracy vs normal", metric: "accuracy", params: params({ baseline: "history" }) },
            { ...common, name: "accuracy vs floor", metric: "accuracy", params: params({ baseline: "fixed", level: settings.level }) },
            { ...common, name: "thumbs vs normal", metric: "thumbs_down", params: params({ baseline: "history" }) },
            { ...common, name: "tickets", metric: "critical_tickets", params: params({ baseline: "fixed", level: 1 }) },
          ],
        });
        const { events: batch, end } = segmentEvents(key, history);
        for (let i = 0; i < batch.length; i += 1000) {
          const res = await ingestEvents(batch.slice(i, i + 1000) as never, Date.now());
          expect(res.rejected).toEqual([]);
        }
        await evaluationsSettled();
        await db.alert.deleteMany({ where: { featureId: feature.id } });
        if (end <= T1) return;

        const live: Record<string, { at: number; transition: string; slice?: string }[]> = {};
        for (let t = T1 + MINUTE_MS - 1; t < end; t += MINUTE_MS) {
          for (const o of await evaluateFeature(feature.id, t))
            if (o.transition) (live[o.ruleId] ??= []).push({ at: t, transition: o.transition, slice: o.slice });
        }
        for (const rule of await rulesOf(feature.id)) {
          const result = await backtestRule({ featureId: feature.id, rule, from: T1, to: end, withCost: false });
          const replayed = result.alerts
            .flatMap((a) => [
              { at: a.openedAt, transition: "opened", slice: a.slice },
              ...(a.resolvedAt === null ? [] : [{ at: a.resolvedAt, transition: "resolved", slice: a.slice }]),
            ])
            .sort((x, y) => x.at - y.at || (x.slice ?? "").localeCompare(y.slice ?? ""));
          const lived = (live[rule.id] ?? []).sort((x, y) => x.at - y.at || (x.slice ?? "").localeCompare(y.slice ?? ""));
          expect(replayed, rule.name).toEqual(lived);
          // Stored, a rule keeps one alert across its slices (issue 26): every slice it lists opened
          // when the backtest says that slice's alert opened, and every slice the backtest alerted on is listed.
          const rows = await db.alert.findMany({ where: { ruleId: rule.id }, orderBy: [{ openedAt: "asc" }] });
          const stored = rows.flatMap((r) => parseAlertSlices(r.slices, r.slice, r.openedAt.getTime(), r.resolvedAt?.getTime() ?? null));
          const openings = new Set(result.alerts.map((a) => `${a.slice}@${a.openedAt}`));
          for (const s of stored) expect(openings, `${rule.name}: ${s.id} opened at ${s.openedAt}`).toContain(`${s.id}@${s.openedAt}`);
          expect(new Set(stored.map((s) => s.id)), rule.name).toEqual(new Set(result.alerts.map((a) => a.slice)));
          opened += result.alerts.length;
          for (const a of result.alerts) slices.add(a.slice!);
        }
      }),
      { numRuns: 5 },
    );
    expect(opened, "alerts opened across the random histories").toBeGreaterThan(3);
    expect(slices.size, "slices that alerted").toBeGreaterThanOrEqual(2);
  }, 600_000);
});

// The same property for the rules on usage (issue 27): p95 latency from the minute rows' latency
// buckets, cost per output from the hourly model rollup (the whole hours the window touches),
// priced with the table above. Histories of 2–9 hours, models switching, one of them unpriced.
const usageMinuteArb = fc.record({
  outputs: fc.integer({ min: 0, max: 4 }),
  durationMs: fc.integer({ min: 40, max: 6000 }),
  spread: fc.double({ min: 0, max: 1, noNaN: true }),
  model: fc.constantFrom("m-cheap", "m-dear", "m-unpriced"),
  tokens: fc.integer({ min: 50, max: 2000 }),
});
const usageHistoryArb = fc.array(fc.tuple(fc.integer({ min: 10, max: 90 }), usageMinuteArb), { minLength: 2, maxLength: 6 });
// minimum samples up to 10: with up to 4 outputs a minute, larger ones kept most windows at "watch",
// and 5 runs sometimes opened 3 alerts or fewer (the check below that the property is not vacuous)
const usageRulesArb = fc.record({
  windowMinutes: fc.integer({ min: 5, max: 90 }),
  minSamples: fc.integer({ min: 0, max: 10 }),
  ms: fc.integer({ min: 200, max: 4000 }),
  cost: fc.double({ min: 0.0005, max: 0.02, noNaN: true }),
});

describe("property: latency and cost rules — live minute by minute = backtest", () => {
  it("gives identical alerts and figures for random usage histories and rule settings", async () => {
    let opened = 0;
    await fc.assert(
      fc.asyncProperty(usageHistoryArb, usageRulesArb, async (history, settings) => {
        const key = `usage-${++run}`;
        const feature = await givenFeature(key, "full");
        await db.alertRule.deleteMany({ where: { featureId: feature.id } });
        const common = {
          featureId: feature.id,
          kind: "window",
          windowMinutes: settings.windowMinutes,
          minSamples: settings.minSamples,
          action: "notify",
        };
        await db.alertRule.createMany({
          data: [
            { ...common, name: "latency", metric: "latency_ceiling", params: JSON.stringify({ ms: settings.ms }) },
            { ...common, name: "cost", metric: "cost_ceiling", params: JSON.stringify({ cost: Math.round(settings.cost * 1e6) / 1e6 }) },
          ],
        });
        const batch: Record<string, unknown>[] = [];
        let minute = -30;
        for (const [length, s] of history) {
          for (let i = 0; i < length; i++, minute++) {
            for (let k = 0; k < s.outputs; k++) {
              batch.push({
                type: "output",
                id: `${key}-${minute}-${k}`,
                feature: key,
                timestamp: T0 + minute * MINUTE_MS + k,
                model: s.model,
                inputTokens: s.tokens,
                outputTokens: Math.round(s.tokens / 4),
                durationMs: Math.round(s.durationMs * (0.5 + s.spread * (k + (((minute % 7) + 7) % 7)) * 0.3)),
              });
            }
          }
        }
        const end = T0 + minute * MINUTE_MS;
        for (let i = 0; i < batch.length; i += 1000)
          expect((await ingestEvents(batch.slice(i, i + 1000) as never, Date.now())).rejected).toEqual([]);
        opened += await liveEqualsBacktest(feature.id, end);
      }),
      { numRuns: 8 },
    );
    expect(opened, "alerts opened across the random histories").toBeGreaterThan(3);
  }, 600_000);
});
