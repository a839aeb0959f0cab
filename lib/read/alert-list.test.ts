import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { givenFeature, givenWindowedRules } from "../testing/fixtures";
import { acknowledgeAlert } from "../use-cases/acknowledge-alert";
import { alertPeriods, listAlertViews, unresolvedAlertCount } from "./alert-list";
import { pauseFeature } from "../use-cases/pause";
import { resumeFeature } from "../use-cases/resume";
import { lastStateChange } from "./state-history";

// What the alerts page and the feature page read: alerts with what their rule did, the periods
// for the chart, the nav count, and who paused a feature last (a person or a rule, by name).

const T = Date.parse("2026-11-20T10:00:00Z");
let featureId: string;
let pauseRule: { id: string; name: string };
let notifyRule: { id: string };

beforeAll(async () => {
  featureId = (await givenFeature("alert-list", "full")).id;
  await givenWindowedRules(featureId);
  await db.alertRule.updateMany({ where: { featureId, metric: "accuracy_floor" }, data: { action: "pause" } });
  pauseRule = await db.alertRule.findFirstOrThrow({ where: { featureId, metric: "accuracy_floor" } });
  notifyRule = await db.alertRule.findFirstOrThrow({ where: { featureId, metric: "overconfidence" } });
  const now = new Date();
  await db.alert.create({
    data: {
      featureId,
      ruleId: pauseRule.id,
      status: "open",
      value: 0.7,
      lower: 0.64,
      upper: 0.76,
      sampleSize: 200,
      message: "floor",
      openedAt: now,
    },
  });
  await pauseFeature({ key: "alert-list", actor: `rule:${pauseRule.id}`, reason: "Rule breached" });
  await db.alert.create({
    data: {
      featureId,
      ruleId: notifyRule.id,
      status: "resolved",
      value: 0.2,
      sampleSize: 80,
      message: "gap",
      openedAt: new Date(T),
      resolvedAt: new Date(T + 3_600_000),
    },
  });
});

describe("listAlertViews", () => {
  it("lists unresolved alerts first, with what the rule did", async () => {
    const views = await listAlertViews({ feature: "alert-list" });
    expect(views.map((v) => [v.rule.metric, v.status, v.actionTaken])).toEqual([
      ["accuracy_floor", "open", "paused"],
      ["overconfidence", "resolved", "notified"],
    ]);
    expect(views[0]).toMatchObject({
      feature: { key: "alert-list" },
      value: 0.7,
      lower: 0.64,
      upper: 0.76,
      sampleSize: 200,
      rule: { name: pauseRule.name, phase: null, segment: null },
    });
    expect(views.every((v) => v.notified.length === 0)).toBe(true); // no channel exists: nobody was told
    expect(await listAlertViews({ feature: "alert-list", status: "resolved" })).toHaveLength(1);
    expect(await listAlertViews({ feature: "no-such-feature" })).toEqual([]);
  });

  it("counts unresolved alerts, acknowledged ones included", async () => {
    const before = await unresolvedAlertCount();
    const open = (await listAlertViews({ feature: "alert-list", status: "open" }))[0]!;
    await acknowledgeAlert(open.id, "user:ops@example.com");
    expect(await unresolvedAlertCount()).toBe(before);
    expect((await listAlertViews({ feature: "alert-list", status: "acknowledged" }))[0]).toMatchObject({
      acknowledgedBy: "user:ops@example.com",
    });
  });

  it("gives the chart the alerts overlapping a range", async () => {
    expect((await alertPeriods(featureId, T - 7_200_000, T - 3_600_000)).map((p) => p.metric)).toEqual([]);
    expect((await alertPeriods(featureId, T + 1_800_000, T + 2_000_000)).map((p) => p.metric)).toEqual(["overconfidence"]);
    expect((await alertPeriods(featureId, T, Date.now())).map((p) => [p.metric, p.resolvedAt === null])).toEqual([
      ["overconfidence", false],
      ["accuracy_floor", true],
    ]);
  });
});

describe("lastStateChange", () => {
  it("names the rule that paused, then the person who resumed", async () => {
    expect(await lastStateChange("alert-list")).toMatchObject({
      action: "pause",
      byRule: true,
      actorName: `rule “${pauseRule.name}”`,
      reason: "Rule breached",
    });
    await resumeFeature({ key: "alert-list", actor: "user:ana@example.com", reason: "checked" });
    expect(await lastStateChange("alert-list")).toMatchObject({
      action: "resume",
      byRule: false,
      actorName: "ana@example.com",
      reason: "checked",
    });
    expect(await lastStateChange("never-paused")).toBeNull();
  });
});
