import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { planWith } from "../domain/plan";
import { evaluateFeature } from "../use-cases/evaluate-alerts";
import { createFeature } from "./features";
import { resumeFeature } from "../use-cases/resume";
import { acknowledgeIncident, currentIncident, incidentView } from "./incidents";
import { ingestEvents } from "../use-cases/ingest";

// One bad hour on a real SQLite file: the floor rule and the thumbs-down rule open in the same
// minute, the floor rule pauses the feature; that is one incident, acknowledged once, with a
// timeline that names the rule, the person and their reasons, and it ends when the feature runs
// again with its alerts resolved.

let featureId: string;

async function traffic(prefix: string, n: number, correct: number, thumbsDown: number) {
  const events: unknown[] = [];
  for (let i = 0; i < n; i++) events.push({ type: "output", feature: "incident-test", id: `${prefix}-${i}`, confidence: 0.92, unit: `u-${i}` });
  for (let i = 0; i < n; i++) events.push({ type: "label", feature: "incident-test", outputId: `${prefix}-${i}`, correct: i < correct });
  for (let i = 0; i < thumbsDown; i++) events.push({ type: "feedback", feature: "incident-test", outputId: `${prefix}-${i}`, value: "down" });
  const r = await ingestEvents(events);
  expect(r.rejected).toEqual([]);
}

beforeAll(async () => {
  featureId = (await createFeature({ key: "incident-test", name: "Incident test", stakes: "high", plan: planWith(), currentPhase: "full" }, "test")).id;
});

describe("incidents", () => {
  it("groups the alerts of one bad minute and the pause they caused into one incident", async () => {
    await traffic("bad", 200, 100, 120);
    await evaluateFeature(featureId);
    const alerts = await db.alert.findMany({ where: { featureId } });
    expect(alerts.length).toBeGreaterThanOrEqual(2);
    const ids = new Set(alerts.map((a) => a.incidentId));
    expect(ids.size).toBe(1);
    const incident = await currentIncident(featureId);
    expect(incident).toMatchObject({ status: "open", alerts: expect.any(Array) });
    expect(incident!.alerts).toHaveLength(alerts.length);
    expect((await db.feature.findUniqueOrThrow({ where: { id: featureId } })).state).toBe("paused");
  });

  it("acknowledges every open alert of the incident at once, and refuses a second time", async () => {
    const incident = (await currentIncident(featureId))!;
    const r = await acknowledgeIncident(incident.id, "user:ana@example.com", "looking at the model change");
    expect(r.alerts).toBe(incident.alerts.length);
    const after = await db.alert.findMany({ where: { incidentId: incident.id } });
    expect(after.every((a) => a.status === "acknowledged" && a.acknowledgedBy === "user:ana@example.com")).toBe(true);
    expect((await db.incident.findUniqueOrThrow({ where: { id: incident.id } })).status).toBe("acknowledged");
    await expect(acknowledgeIncident(incident.id, "user:bo@example.com", null)).rejects.toMatchObject({ status: 409 });
  });

  it("draws the timeline: first breach, automatic pause, acknowledged by, resumed by, with reasons", async () => {
    const incident = (await currentIncident(featureId))!;
    await resumeFeature({ key: "incident-test", actor: "user:bo@example.com", reason: "model rolled back" });
    const view = (await incidentView(incident.id))!;
    const kinds = view.timeline.map((e) => e.kind);
    expect(kinds[0]).toBe("first_breach");
    expect(kinds).toEqual(expect.arrayContaining(["paused", "acknowledged", "resumed"]));
    expect(kinds.indexOf("paused")).toBeLessThan(kinds.indexOf("resumed"));
    const paused = view.timeline.find((e) => e.kind === "paused")!;
    expect(paused).toMatchObject({ title: "Paused automatically", who: expect.stringMatching(/^rule “/) });
    expect(view.timeline.find((e) => e.title === "Incident acknowledged")).toMatchObject({ who: "ana@example.com", detail: "looking at the model change" });
    expect(view.timeline.find((e) => e.kind === "resumed")).toMatchObject({ who: "bo@example.com", detail: "model rolled back" });
    // running again, but its alerts are not resolved yet: the incident stays
    expect((await db.incident.findUniqueOrThrow({ where: { id: incident.id } })).status).toBe("acknowledged");
  });

  it("ends when its alerts resolve and the feature runs; a breach long after starts a new incident", async () => {
    const incident = (await currentIncident(featureId))!;
    await db.alert.updateMany({ where: { incidentId: incident.id }, data: { status: "resolved", resolvedAt: new Date() } });
    await db.$transaction(async (tx) => (await import("./incidents")).refreshIncident(tx, incident.id));
    expect((await db.incident.findUniqueOrThrow({ where: { id: incident.id } })).status).toBe("resolved");
    await db.incident.update({ where: { id: incident.id }, data: { resolvedAt: new Date(Date.now() - 3 * 3600_000), lastAlertAt: new Date(Date.now() - 3 * 3600_000) } });
    const rule = await db.alertRule.findFirstOrThrow({ where: { featureId } });
    const { assignIncident } = await import("./incidents");
    const alert = await db.alert.create({ data: { featureId, ruleId: rule.id, status: "open", value: 0.5, sampleSize: 100, message: "again" } });
    const next = await db.$transaction((tx) => assignIncident(tx, alert, rule.name));
    expect(next).not.toBe(incident.id);
  });
});
