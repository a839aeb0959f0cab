import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { planWith } from "../domain/plan";
import { evaluateFeature, evaluationsSettled } from "../use-cases/evaluate-alerts";
import { createFeature } from "./features";
import { resumeFeature } from "../use-cases/resume";
import { acknowledgeIncident, currentIncident } from "./incidents";
import { ingestEvents } from "../use-cases/ingest";

// One accuracy drop that hits three slices of a high-stakes feature (its phase and both of its
// segments) and pauses it, on a real database: one alert for the rule listing the three slices,
// one incident titled by the rule that paused, and exactly one Slack message when it opens and
// one when it resolves, naming the rule and the person — while a signed webhook hears each step.

const KEY = "slices-notify";
const MIN = 60_000;
let featureId: string;
let slackId: string;
let hookId: string;

async function traffic(prefix: string, n: number, wrongFrom: number) {
  const events: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const segment = i % 2 === 0 ? "beta-power-users" : "internal";
    events.push({ type: "output", feature: KEY, id: `${prefix}-${i}`, confidence: 0.97, segment, unit: `u-${i % 40}` });
    events.push({ type: "label", feature: KEY, outputId: `${prefix}-${i}`, correct: i < wrongFrom, source: "human" });
  }
  const r = await ingestEvents(events);
  expect(r.rejected).toEqual([]);
  await evaluationsSettled();
}

const deliveries = (webhookId: string) => db.webhookDelivery.findMany({ where: { webhookId }, orderBy: { id: "asc" } });

beforeAll(async () => {
  // Deliveries are counted, not posted: the worker stays idle (its retries against the unreachable
  // test URLs would only compete with the ingest for the SQLite write lock).
  (globalThis as { rollguardWebhookWorker?: unknown }).rollguardWebhookWorker = { running: true, again: false, timer: null };
  featureId = (await createFeature({ key: KEY, name: "Slice notify", stakes: "high", plan: planWith(), currentPhase: "full" }, "test")).id;
  slackId = (await db.webhook.create({ data: { name: "ops-slack", kind: "slack", url: "http://127.0.0.1:9/slack", secret: "s", events: "alert.opened,alert.resolved,feature.paused,feature.resumed,review.digest" } })).id;
  hookId = (await db.webhook.create({ data: { name: "signed", kind: "webhook", url: "http://127.0.0.1:9/hook", secret: "s", events: "alert.opened,alert.resolved,feature.paused,feature.resumed" } })).id;
  await db.user.create({ data: { email: "operator@example.com", name: "Olga Operator", role: "operator" } });
});

describe("one incident, one message", () => {
  it("opens one alert per rule listing its slices, and sends Slack one message naming the rule that paused", async () => {
    await traffic("ok", 160, 160);
    await traffic("bad", 300, 60);
    await evaluateFeature(featureId);
    const feature = await db.feature.findUniqueOrThrow({ where: { id: featureId } });
    expect(feature.state).toBe("paused");
    const alerts = await db.alert.findMany({ where: { featureId }, include: { rule: true } });
    // one alert per rule, however many slices breached
    expect(new Set(alerts.map((a) => a.ruleId)).size).toBe(alerts.length);
    const floor = alerts.find((a) => a.rule.action === "pause" && (a.slices ?? "").includes("segment:internal"))!;
    expect(floor).toBeDefined();
    const slices = (JSON.parse(floor.slices!) as { id: string }[]).map((s) => s.id).sort();
    expect(slices).toEqual(["phase:full", "phase:full/segment:beta-power-users", "phase:full/segment:internal"]);

    const incident = (await currentIncident(featureId))!;
    const pause = await db.auditEvent.findFirstOrThrow({ where: { target: KEY, action: "feature.pause" } });
    const pausedBy = await db.alertRule.findUniqueOrThrow({ where: { id: pause.actor.slice(5) } });
    expect(incident.title).toBe(pausedBy.name);

    const slack = await deliveries(slackId);
    expect(slack.map((d) => d.event)).toEqual(["incident.opened"]);
    const p = JSON.parse(slack[0]!.payload);
    expect(p.text).toContain(`paused automatically by rule “${pausedBy.name}”`);
    expect(p.text).not.toMatch(/rule:|user:/);
    expect(p.incident.alerts.find((a: { id: string }) => a.id === floor.id).slices).toBe("phase full; segments beta-power-users, internal");
    // the signed webhook hears each step
    const hook = (await deliveries(hookId)).map((d) => d.event);
    expect(hook.filter((e) => e === "alert.opened")).toHaveLength(alerts.length);
    expect(hook).toContain("feature.paused");
    expect(hook).toContain("incident.opened");
  });

  it("reopens the incident when another rule's alert joins after the acknowledgement", async () => {
    const incident = (await currentIncident(featureId))!;
    await acknowledgeIncident(incident.id, "user:operator@example.com", "on it");
    expect((await db.incident.findUniqueOrThrow({ where: { id: incident.id } })).status).toBe("acknowledged");
    const other = await db.alertRule.findFirstOrThrow({ where: { featureId, id: { notIn: incident.alerts.map((a) => a.ruleId) } } });
    const { assignIncident } = await import("./incidents");
    const late = await db.alert.create({ data: { featureId, ruleId: other.id, status: "open", value: 3, sampleSize: 3, message: "3 AI answers shown while paused" } });
    await db.$transaction((tx) => assignIncident(tx, late, other.name));
    expect((await db.incident.findUniqueOrThrow({ where: { id: incident.id } })).status).toBe("open");
    await acknowledgeIncident(incident.id, "user:operator@example.com", "that too");
    expect((await db.incident.findUniqueOrThrow({ where: { id: incident.id } })).status).toBe("acknowledged");
    await db.alert.update({ where: { id: late.id }, data: { status: "resolved", resolvedAt: new Date() } });
    expect((await deliveries(slackId)).map((d) => d.event)).toEqual(["incident.opened"]);
  });

  it("sends Slack one more message when it resolves, naming who resumed; nothing for the resume itself", async () => {
    await resumeFeature({ key: KEY, actor: "user:operator@example.com", reason: "model rolled back" });
    expect((await deliveries(slackId)).map((d) => d.event)).toEqual(["incident.opened"]);
    // right answers again: every slice clears, and after a clear window the alert resolves
    for (let k = 0; k < 6; k++) await traffic(`good${k}`, 500, 500);
    const t0 = Date.now();
    for (let step = 0; step <= 6 && (await db.alert.count({ where: { featureId, status: { not: "resolved" } } })) > 0; step++) {
      await evaluateFeature(featureId, t0 + step * 16 * MIN);
    }
    expect(await db.alert.count({ where: { featureId, status: { not: "resolved" } } })).toBe(0);
    const slack = await deliveries(slackId);
    expect(slack.map((d) => d.event)).toEqual(["incident.opened", "incident.resolved"]);
    const p = JSON.parse(slack[1]!.payload);
    expect(p.text).toContain("resumed by Olga Operator (operator@example.com)");
    expect(JSON.stringify(p)).not.toMatch(/"who":"(rule|user):/);
    const hook = (await deliveries(hookId)).map((d) => d.event);
    expect(hook).toEqual(expect.arrayContaining(["feature.resumed", "alert.resolved", "incident.resolved"]));
  });
});

describe("a slice joining an acknowledged alert", () => {
  const K2 = "slices-join";
  async function send(prefix: string, rows: { segment: string; correct: boolean }[]) {
    const events: unknown[] = [];
    rows.forEach((r, i) => {
      events.push({ type: "output", feature: K2, id: `${prefix}-${i}`, confidence: 0.97, segment: r.segment, unit: `u-${i % 40}` });
      events.push({ type: "label", feature: K2, outputId: `${prefix}-${i}`, correct: r.correct, source: "human" });
    });
    expect((await ingestEvents(events)).rejected).toEqual([]);
    await evaluationsSettled();
  }
  const rows = (n: number, segment: string, correct: boolean) => Array.from({ length: n }, () => ({ segment, correct }));

  it("joins the rule's one alert without opening it or the incident again, and posts nothing to Slack", async () => {
    const id = (await createFeature({ key: K2, name: "Slice join", stakes: "high", plan: planWith(), currentPhase: "full" }, "test")).id;
    await send("h", [...rows(300, "internal", true), ...rows(40, "new-market", true)]);
    await send("c", rows(60, "new-market", false));
    await evaluateFeature(id);
    const first = await db.alert.findFirstOrThrow({ where: { featureId: id, slices: { contains: "segment:new-market" } } });
    expect(first.slices).not.toContain("segment:internal");
    const incident = (await currentIncident(id))!;
    await acknowledgeIncident(incident.id, "user:operator@example.com", null);
    const slackBefore = (await deliveries(slackId)).length;

    await send("d", rows(400, "internal", false));
    await evaluateFeature(id);
    const after = await db.alert.findUniqueOrThrow({ where: { id: first.id } });
    expect(after.slices).toContain("segment:internal");
    expect(after.status).toBe("acknowledged");
    expect(await db.alert.count({ where: { featureId: id, ruleId: first.ruleId } })).toBe(1);
    // only another rule's alert could open the incident again, never this slice
    const openAlerts = await db.alert.findMany({ where: { incidentId: incident.id, status: "open" } });
    expect(openAlerts.filter((a) => a.ruleId === first.ruleId)).toEqual([]);
    if (openAlerts.length === 0) expect((await db.incident.findUniqueOrThrow({ where: { id: incident.id } })).status).toBe("acknowledged");
    expect((await deliveries(slackId)).length).toBe(slackBefore);
    const updated = (await deliveries(hookId)).filter((d) => d.event === "alert.updated" && d.payload.includes(first.id));
    expect(updated.length).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(updated.at(-1)!.payload).alert.slicesText).toMatch(/segment.*internal/);
  });
});
