import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { givenFeature } from "../testing/fixtures";
import { createAlertRule, deleteAlertRule, rulesOf, setAlertRuleEnabled, updateAlertRule } from "./alert-rules";
import { evaluateFeature } from "../use-cases/evaluate-alerts";

// Rules an admin adds, switches off and deletes from the rules page. Decision: taking a rule out of
// service (disable or delete) resolves its open alerts — the evaluator no longer runs it, so they
// would otherwise stay open forever — and a deleted rule's alerts stay in the history.

const ADMIN = "user:admin@example.com";
let featureId: string;

const draft = (over: Record<string, unknown> = {}) => ({
  kind: "window" as const,
  name: "Early access accuracy under 92 %",
  metric: "accuracy_floor" as const,
  params: { threshold: 0.92 },
  windowMinutes: 60,
  minSamples: 50,
  phase: "early-access",
  segment: null,
  action: "notify" as const,
  ...over,
});

async function openAlertOn(ruleId: string) {
  const alert = await db.alert.create({ data: { featureId, ruleId, status: "open", value: 0.8, sampleSize: 120, message: "accuracy 80 %" } });
  const incident = await db.incident.create({ data: { featureId, title: "test incident" } });
  await db.alert.update({ where: { id: alert.id }, data: { incidentId: incident.id } });
  return { alert, incident };
}

beforeAll(async () => {
  featureId = (await givenFeature("rule-changes", "early-access")).id;
});

describe("createAlertRule", () => {
  it("adds a scoped rule, enabled, that the evaluator runs, audited with the whole rule", async () => {
    const rule = await createAlertRule("rule-changes", draft({ segment: "beta-power-users", action: "pause" }), ADMIN);
    expect(rule).toMatchObject({ kind: "window", metric: "accuracy_floor", phase: "early-access", segment: "beta-power-users", action: "pause", enabled: true });
    expect((await rulesOf(featureId)).map((r) => r.id)).toContain(rule.id);
    const outcomes = await evaluateFeature(featureId);
    expect(outcomes.some((o) => o.ruleId === rule.id)).toBe(true);
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "rule.create", target: "rule-changes" } });
    expect(event.actor).toBe(ADMIN);
    expect(JSON.parse(event.after!)).toMatchObject({ id: rule.id, phase: "early-access", segment: "beta-power-users", params: { threshold: 0.92 } });
  });

  it("adds a sequential rule for the whole feature", async () => {
    const rule = await createAlertRule(
      "rule-changes",
      { kind: "sequential", name: "Thumbs down above normal", metric: "thumbs_down", params: { baseline: "history", falseAlarmsPer30d: 0.2 }, windowMinutes: 30, minSamples: 0, phase: null, segment: null, action: "notify" },
      ADMIN,
    );
    expect(rule).toMatchObject({ kind: "sequential", metric: "thumbs_down", phase: null, segment: null, params: { falseAlarmsPer30d: 0.2 } });
  });

  it("refuses a phase the plan does not have, a second built-in rule and an unknown feature", async () => {
    await expect(createAlertRule("rule-changes", draft({ phase: "moon" }), ADMIN)).rejects.toMatchObject({ status: 400, code: "unknown_phase" });
    await expect(
      createAlertRule("rule-changes", draft({ metric: "product_disobeyed", params: { count: 1 }, phase: null }), ADMIN),
    ).rejects.toMatchObject({ status: 409, code: "built_in_rule" });
    await expect(createAlertRule("no-such-feature", draft(), ADMIN)).rejects.toMatchObject({ status: 404 });
  });
});

describe("setAlertRuleEnabled", () => {
  it("disabling takes the rule out of the evaluator and resolves its open alert; enabling brings it back", async () => {
    const rule = await createAlertRule("rule-changes", draft({ name: "to disable" }), ADMIN);
    const { alert, incident } = await openAlertOn(rule.id);
    const off = await setAlertRuleEnabled("rule-changes", rule.id, false, ADMIN);
    expect(off).toMatchObject({ rule: { enabled: false }, resolvedAlerts: [alert.id] });
    expect(await db.alert.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({ status: "resolved", resolvedAt: expect.any(Date) });
    expect((await db.incident.findUniqueOrThrow({ where: { id: incident.id } })).status).toBe("resolved");
    expect((await rulesOf(featureId)).some((r) => r.id === rule.id)).toBe(false);
    expect(await db.auditEvent.findFirst({ where: { action: "rule.disable", reason: "to disable" } })).toMatchObject({ actor: ADMIN });
    expect(await db.stateChange.findFirst({ where: { featureKey: "rule-changes", type: "alert_resolved" }, orderBy: { id: "desc" } })).toBeTruthy();

    const on = await setAlertRuleEnabled("rule-changes", rule.id, true, ADMIN);
    expect(on).toMatchObject({ rule: { enabled: true }, resolvedAlerts: [] });
    expect((await rulesOf(featureId)).some((r) => r.id === rule.id)).toBe(true);
  });

  it("the editor's save that turns a rule off resolves its open alert too", async () => {
    const rule = await createAlertRule("rule-changes", draft({ name: "editor off" }), ADMIN);
    const { alert } = await openAlertOn(rule.id);
    await updateAlertRule("rule-changes", { ruleId: rule.id, params: {}, windowMinutes: 60, minSamples: 50, action: "notify", enabled: false }, ADMIN);
    expect((await db.alert.findUniqueOrThrow({ where: { id: alert.id } })).status).toBe("resolved");
    // leaving `enabled` out keeps the rule as it is
    const kept = await updateAlertRule("rule-changes", { ruleId: rule.id, params: {}, windowMinutes: 30, minSamples: 50, action: "notify" }, ADMIN);
    expect(kept).toMatchObject({ enabled: false, windowMinutes: 30 });
  });

  it("the built-in rule may be disabled", async () => {
    const builtIn = (await rulesOf(featureId, false)).find((r) => r.metric === "product_disobeyed")!;
    expect((await setAlertRuleEnabled("rule-changes", builtIn.id, false, ADMIN)).rule.enabled).toBe(false);
    await setAlertRuleEnabled("rule-changes", builtIn.id, true, ADMIN);
  });
});

describe("deleteAlertRule", () => {
  it("removes the rule from every list, resolves its open alert and keeps the alert in the history", async () => {
    const rule = await createAlertRule("rule-changes", draft({ name: "to delete" }), ADMIN);
    const { alert } = await openAlertOn(rule.id);
    const deleted = await deleteAlertRule("rule-changes", rule.id, ADMIN);
    expect(deleted).toEqual({ id: rule.id, name: "to delete", resolvedAlerts: [alert.id] });
    expect((await rulesOf(featureId, false)).some((r) => r.id === rule.id)).toBe(false);
    const kept = await db.alert.findUniqueOrThrow({ where: { id: alert.id }, include: { rule: true } });
    expect(kept).toMatchObject({ status: "resolved", rule: { name: "to delete", deletedAt: expect.any(Date) } });
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "rule.delete", reason: "to delete" } });
    expect(event.actor).toBe(ADMIN);
    expect(JSON.parse(event.after!)).toEqual({ resolvedAlerts: [alert.id] });
    // gone for every later change
    await expect(deleteAlertRule("rule-changes", rule.id, ADMIN)).rejects.toMatchObject({ status: 404 });
    await expect(setAlertRuleEnabled("rule-changes", rule.id, true, ADMIN)).rejects.toMatchObject({ status: 404 });
    await expect(
      updateAlertRule("rule-changes", { ruleId: rule.id, params: {}, windowMinutes: 60, minSamples: 50, action: "notify" }, ADMIN),
    ).rejects.toMatchObject({ status: 404 });
  });

  it("refuses to delete the built-in rule, and a rule of another feature", async () => {
    const builtIn = (await rulesOf(featureId, false)).find((r) => r.metric === "product_disobeyed")!;
    await expect(deleteAlertRule("rule-changes", builtIn.id, ADMIN)).rejects.toMatchObject({ status: 409, code: "built_in_rule" });
    expect((await rulesOf(featureId, false)).some((r) => r.id === builtIn.id)).toBe(true);
    await givenFeature("rule-changes-other", "full");
    const mine = await createAlertRule("rule-changes", draft({ name: "mine" }), ADMIN);
    await expect(deleteAlertRule("rule-changes-other", mine.id, ADMIN)).rejects.toMatchObject({ status: 404 });
  });
});
