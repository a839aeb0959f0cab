import { describe, expect, it } from "vitest";
import { db } from "../db";
import { givenFeature } from "../testing/fixtures";
import { ensureDefaultRules, rulesOf } from "./alert-rules";
import { backtestRule } from "../read/backtest";
import { evaluateFeature } from "../use-cases/evaluate-alerts";
import { featureByKey } from "./features";
import { pauseFeature } from "../use-cases/pause";
import { resumeFeature } from "../use-cases/resume";
import { ingestEvents } from "../use-cases/ingest";
import { createWebhook } from "./webhooks";
import { env } from "../env";

// the channel below points at 127.0.0.1 (nothing listens): internal destinations allowed for this file
env().ROLLGUARD_ALLOW_PRIVATE_WEBHOOKS = "1";

// Issue 13, 3(c): AI answers the product still reports as shown after a pause (past its grace)
// open an alert of the built-in rule — with its incident, change-feed entry and webhooks — and the
// alert resolves at the resume. On a real SQLite file.

async function pausedFeature(key: string) {
  const created = await givenFeature(key, "full");
  const hook = await createWebhook({ name: key, url: "http://127.0.0.1:9/hook", featureId: created.id }, "test");
  await pauseFeature({ key, actor: "test", reason: "proof" });
  const f = (await featureByKey(key))!;
  const rule = await db.alertRule.findFirstOrThrow({ where: { featureId: f.id, metric: "product_disobeyed" } });
  return { f, rule, hook, pausedAt: f.stateChangedAt.getTime() };
}

const openedDeliveries = (webhookId: string) => db.webhookDelivery.findMany({ where: { webhookId, event: "alert.opened" } });

describe("the built-in rule: AI answers shown while paused", () => {
  it("opens an alert and queues a webhook when the product shows AI answers after the pause, and resolves at the resume", async () => {
    const { f, rule, hook, pausedAt } = await pausedFeature("disobey-alert");
    await ingestEvents([
      { type: "output", id: "in-grace", feature: "disobey-alert", confidence: 0.9, shown: true, timestamp: pausedAt + 2000 },
      { type: "output", id: "late-1", feature: "disobey-alert", confidence: 0.9, shown: true, timestamp: pausedAt + 8000 },
      // a minute later: counted from the rollups, not the raw rows
      { type: "output", id: "late-2", feature: "disobey-alert", confidence: 0.9, shown: true, timestamp: pausedAt + 70_000 },
    ]);
    const outcomes = await evaluateFeature(f.id, pausedAt + 75_000);
    expect(outcomes.find((o) => o.ruleId === rule.id)).toMatchObject({ status: "breach", transition: "opened" });
    const alert = await db.alert.findFirstOrThrow({ where: { ruleId: rule.id, status: "open" } });
    const clock = (ms: number) => new Date(ms).toISOString().slice(11, 16);
    expect(alert.message).toBe(`2 AI answers shown since the pause at ${clock(pausedAt)} UTC (last ${clock(pausedAt + 70_000)} UTC)`);
    expect(alert.incidentId).not.toBeNull();
    const deliveries = await openedDeliveries(hook.id);
    expect(deliveries).toHaveLength(1);
    expect(JSON.parse(deliveries[0]!.payload)).toMatchObject({ event: "alert.opened" });
    expect(deliveries[0]!.payload).toContain("AI answers shown while paused");
    expect(await db.stateChange.count({ where: { featureKey: "disobey-alert", type: "alert_opened" } })).toBe(1);

    // evaluated again while still paused: the alert stays the one alert
    await evaluateFeature(f.id, pausedAt + 80_000);
    expect(await db.alert.count({ where: { ruleId: rule.id } })).toBe(1);

    await resumeFeature({ key: "disobey-alert", actor: "user:test", reason: "fixed" });
    const resumed = (await featureByKey("disobey-alert"))!;
    expect((await evaluateFeature(resumed.id)).find((o) => o.ruleId === rule.id)).toMatchObject({ status: "ok", transition: "resolved" });
    expect(await db.alert.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({ status: "resolved" });
  });

  it("stays quiet for a product that obeys: the fallback shown after the pause, AI answers only within the grace", async () => {
    const { f, rule, hook, pausedAt } = await pausedFeature("obey-alert");
    await ingestEvents([
      { type: "output", id: "in-grace", feature: "obey-alert", confidence: 0.9, shown: true, timestamp: pausedAt + 2000 },
      { type: "output", id: "fallback-1", feature: "obey-alert", confidence: 0.9, shown: false, timestamp: pausedAt + 8000 },
      { type: "output", id: "fallback-2", feature: "obey-alert", confidence: 0.9, shown: false, timestamp: pausedAt + 70_000 },
    ]);
    const outcomes = await evaluateFeature(f.id, pausedAt + 75_000);
    expect(outcomes.find((o) => o.ruleId === rule.id)).toMatchObject({ status: "ok", transition: null });
    expect(await db.alert.count({ where: { ruleId: rule.id } })).toBe(0);
    expect(await openedDeliveries(hook.id)).toHaveLength(0);
  });

  it("is refused by the backtest: there is nothing to replay", async () => {
    const created = await givenFeature("disobey-backtest", "full");
    const rule = (await rulesOf(created.id)).find((r) => r.metric === "product_disobeyed")!;
    await expect(backtestRule({ featureId: created.id, rule, from: Date.now() - 3_600_000, to: Date.now() })).rejects.toMatchObject({ status: 422, code: "backtest_unsupported" });
  });

  it("is given at startup to features made before it existed, and only once", async () => {
    const created = await givenFeature("disobey-upgrade", "full");
    await db.alertRule.deleteMany({ where: { featureId: created.id, metric: "product_disobeyed" } });
    await ensureDefaultRules();
    await ensureDefaultRules();
    expect(await db.alertRule.count({ where: { featureId: created.id, metric: "product_disobeyed" } })).toBe(1);
  });
});
