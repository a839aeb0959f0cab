import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { DEMO_DAYS, seedDemo } from "../demo/seed";
import { marketShockWindow } from "../demo/stories";
import { MINUTE_MS } from "../domain/buckets";
import { weekStart } from "../domain/review-range";
import { rulesOf } from "../data/alert-rules";
import { backtestForFeature, backtestRule } from "./backtest";

// The default floor rule of portfolio-advisor, backtested on the demo history: it must catch the
// market shock (9 days ago, 14:00–20:00 UTC) within the hour and stay quiet in the calm weeks —
// and a month of minutes must come back fast enough to use interactively.

const HOUR = 60 * MINUTE_MS;
const DAY = 24 * HOUR;
// Monday 00:00 UTC of this week: the demo's stories sit on whole UTC days counted back from the day
// of `now`, and its traffic follows the UTC hour and weekday, so every Monday seeds the same history
// (the shock on the Friday ten days back). The test sees the same data on any day and at any hour,
// and the history stays in the past of the real clock (ingest refuses events from the future).
const now = weekStart(Date.now());
let featureId: string;

beforeAll(async () => {
  await seedDemo({ now, days: DEMO_DAYS });
  featureId = (await db.feature.findUniqueOrThrow({ where: { key: "portfolio-advisor" } })).id;
}, 600_000);

// Since issue 12 the default floor is a sequential rule against a fixed level; the default
// "below its normal" rule watches every slice against its own history.
const floorRule = async () => (await rulesOf(featureId)).find((r) => /^Accuracy below \d+ %$/.test(r.name))!;
const normalRule = async () => (await rulesOf(featureId)).find((r) => r.name === "Accuracy below its normal")!;

describe("backtest on the demo portfolio-advisor history", () => {
  it("the default floor rule finds the market shock within the hour of its start, and nothing in the calm weeks", async () => {
    const shock = marketShockWindow(now);
    const rule = await floorRule();
    expect(rule.action).toBe("pause");
    // from one window after the history starts, so the first evaluations see a full window
    const from = now - DEMO_DAYS * DAY + HOUR;
    const result = await backtestForFeature(featureId, { rule: { id: rule.id }, from, to: now, incident: shock });

    expect(result.rule).toMatchObject({ id: rule.id, kind: "sequential", metric: "accuracy", params: { baseline: "fixed" } });
    expect(result.alerts.length).toBeGreaterThanOrEqual(1);
    const first = result.alerts[0];
    expect(first.openedAt).toBeGreaterThanOrEqual(shock.from);
    expect(first.openedAt).toBeLessThan(shock.from + HOUR);
    expect(first.opened.value!).toBeLessThan(rule.kind === "sequential" ? rule.params.level! : 0);
    expect(first.opened.message).toMatch(/^(phase|segment) \S+.*: \d+ % \(n = \d+\) vs 90 % normal$/);
    expect(result.incident).toMatchObject({ detected: true, wouldPause: true, alertsOutside: 0 });
    expect(result.incident!.detectionDelayMinutes!).toBeLessThanOrEqual(60);

    // the calm weeks: every alert is the shock's (it may stay open one clear window after it)
    const calm = result.alerts.filter((a) => a.openedAt < shock.from || a.openedAt >= shock.to + HOUR);
    expect(calm).toEqual([]);
    expect(result.summary.alerts).toBe(result.alerts.length);
    expect(result.summary.shareInAlert).toBeLessThan(0.05);
    // the accuracy series under the periods shows the dip
    const shockHours = result.series.filter((p) => p.start * MINUTE_MS >= shock.from && p.start * MINUTE_MS < shock.to);
    expect(shockHours).toHaveLength(6);
    for (const p of shockHours) expect(p.accuracy.value!).toBeLessThan(0.85);
  });

  it("backtests a draft: a notify rule never pauses, and an unreachable minimum sample turns the alert into watch time", async () => {
    const rule = await floorRule();
    const shock = marketShockWindow(now);
    const base = {
      kind: "window" as const,
      name: "draft",
      metric: "accuracy_floor" as const,
      windowMinutes: 60,
      phase: null,
      segment: null,
      action: "notify" as const,
    };
    const strict = await backtestForFeature(featureId, {
      rule: { ...base, params: { threshold: 0.9 }, minSamples: rule.minSamples },
      from: now - 20 * DAY,
      to: now,
      incident: shock,
    });
    const lenient = await backtestForFeature(featureId, {
      rule: { ...base, params: { threshold: 0.9 }, minSamples: 100_000 },
      from: now - 20 * DAY,
      to: now,
      incident: shock,
    });
    expect(strict.rule.id).toBeNull();
    expect(strict.incident!.wouldPause).toBe(false); // a notify rule never pauses
    expect(lenient.alerts).toEqual([]); // never enough labels: only "watch"
    expect(lenient.summary.minutesInWatch).toBeGreaterThan(strict.summary.minutesInWatch);
  });

  it("the default 'below its normal' rule also catches the shock within the hour, naming the slice, and says what it costs", async () => {
    const shock = marketShockWindow(now);
    const rule = await normalRule();
    const result = await backtestForFeature(featureId, { rule: { id: rule.id }, from: now - 20 * DAY, to: now, incident: shock });
    expect(result.incident).toMatchObject({ detected: true, wouldPause: true });
    expect(result.incident!.detectionDelayMinutes!).toBeLessThanOrEqual(60);
    expect(result.alerts.find((a) => a.duringIncident)!.slice).toMatch(/^phase:/);
    // The demo's traffic is 1-2 labels an hour per slice and not quite independent from hour to
    // hour; against its own history the rule raises a few alerts a month outside the shock (on
    // independent traffic at this rate it keeps its budget: see sequential-rule.test.ts).
    console.info(`'below its normal' on the demo: ${result.incident!.alertsOutside} alerts outside the shock in 20 days`);
    expect(result.cost!.slices.length).toBeGreaterThanOrEqual(1);
    expect(result.cost!.falseAlarmsPer30d).toBeGreaterThan(0.3);
    expect(result.cost!.falseAlarmsPer30d).toBeLessThan(0.7);
  });

  // How long this takes is the benchmark's business (`backtest.ms30dSlowestRule`, target < 2 s):
  // a timed assertion here would fail on a busy shared machine and pass on a fast one.
  it("replays 30 days of minute buckets for one feature, every minute of the range", async () => {
    const rule = await floorRule();
    const r = await backtestRule({ featureId, rule, from: now - 30 * DAY, to: now });
    console.info(`backtest, 30 days, ${r.timing.buckets} minute rows`);
    expect(r.summary.minutes).toBe(30 * 1440);
    expect(r.timing.buckets).toBeGreaterThan(10_000);
  });
});
