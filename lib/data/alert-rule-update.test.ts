import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { givenFeature, givenWindowedRules } from "../testing/fixtures";
import { rulesOf, updateAlertRule, upgradableRules, upgradeDefaultRules } from "./alert-rules";

// The rule editor's save: settings change, unseen parameters stay, the audit log has before/after.

let featureId: string;
beforeAll(async () => {
  featureId = (await givenFeature("rule-edit", "full")).id;
  await givenWindowedRules(featureId);
});

describe("updateAlertRule", () => {
  it("changes the settings, keeps parameters the editor does not show, and audits before and after", async () => {
    const drop = (await rulesOf(featureId)).find((r) => r.metric === "accuracy_drop")!;
    const updated = await updateAlertRule("rule-edit", { ruleId: drop.id, params: { points: 0.08 }, windowMinutes: 30, minSamples: 80, action: "pause", enabled: true }, "user:admin@example.com");
    expect(updated).toMatchObject({ windowMinutes: 30, minSamples: 80, action: "pause", params: { points: 0.08, baselineMinutes: 1440, alpha: 0.01 } });
    expect((await rulesOf(featureId)).find((r) => r.id === drop.id)).toMatchObject({ windowMinutes: 30, action: "pause" });
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "rule.update", target: "rule-edit" } });
    expect(event.actor).toBe("user:admin@example.com");
    expect(event.reason).toBe(drop.name);
    expect(JSON.parse(event.before!)).toMatchObject({ windowMinutes: 60, minSamples: 50, action: "notify", params: { points: 0.05 } });
    expect(JSON.parse(event.after!)).toMatchObject({ windowMinutes: 30, minSamples: 80, action: "pause", params: { points: 0.08 } });
  });

  it("changes a sequential rule's budget and level; settings of the other kind are refused", async () => {
    const other = (await givenFeature("rule-edit-seq", "full")).id;
    const floor = (await rulesOf(other)).find((r) => r.kind === "sequential" && r.params.baseline === "fixed")!;
    const updated = await updateAlertRule("rule-edit-seq", { ruleId: floor.id, params: { falseAlarmsPer30d: 0.1, level: 0.8 }, windowMinutes: 20, minSamples: 0, action: "pause", enabled: true }, "user:admin@example.com");
    expect(updated).toMatchObject({ kind: "sequential", windowMinutes: 20, params: { baseline: "fixed", level: 0.8, falseAlarmsPer30d: 0.1 } });
    await expect(updateAlertRule("rule-edit-seq", { ruleId: floor.id, params: { threshold: 0.9 }, windowMinutes: 20, minSamples: 0, action: "pause", enabled: true }, "test")).rejects.toMatchObject({ status: 400 });
  });

  it("a disabled rule leaves the live evaluator's list; a rule of another feature is not found", async () => {
    const floor = (await rulesOf(featureId)).find((r) => r.metric === "accuracy_floor")!;
    await updateAlertRule("rule-edit", { ruleId: floor.id, params: {}, windowMinutes: 60, minSamples: 50, action: "notify", enabled: false }, "test");
    expect((await rulesOf(featureId)).some((r) => r.id === floor.id)).toBe(false);
    expect((await rulesOf(featureId, false)).some((r) => r.id === floor.id)).toBe(true);
    await givenFeature("rule-edit-other", "full");
    await expect(updateAlertRule("rule-edit-other", { ruleId: floor.id, params: {}, windowMinutes: 60, minSamples: 50, action: "notify", enabled: true }, "test")).rejects.toMatchObject({
      status: 404,
    });
  });
});

describe("upgradeDefaultRules", () => {
  it("turns untouched windowed defaults into the sequential defaults in place, audited; a changed rule stays", async () => {
    const featureId = (await givenFeature("rule-upgrade", "full")).id;
    await givenWindowedRules(featureId, "high", 0.85);
    const before = await rulesOf(featureId, false);
    const drop = before.find((r) => r.metric === "accuracy_drop")!;
    const thumbs = before.find((r) => r.metric === "thumbs_down_ceiling")!;
    await updateAlertRule("rule-upgrade", { ruleId: thumbs.id, params: { ceiling: 0.3 }, windowMinutes: 60, minSamples: 30, action: "notify", enabled: true }, "user:admin@example.com");

    expect((await upgradableRules("rule-upgrade")).map((r) => r.id).sort()).toEqual(
      before.filter((r) => r.id !== thumbs.id && ["accuracy_floor", "accuracy_drop", "critical_tickets"].includes(r.metric)).map((r) => r.id).sort(),
    );
    const upgraded = await upgradeDefaultRules("rule-upgrade", "user:admin@example.com");
    expect(upgraded.find((u) => u.ruleId === drop.id)).toMatchObject({
      before: { kind: "window", name: "Accuracy dropped 5 points in an hour", metric: "accuracy_drop" },
      after: { kind: "sequential", name: "Accuracy below its normal", metric: "accuracy" },
    });
    const names = upgraded.map((u) => u.after.name);
    expect(names.sort()).toEqual(["Accuracy below 85 %", "Accuracy below its normal", "Critical tickets above their normal"]);
    const after = await rulesOf(featureId, false);
    expect(after.find((r) => r.id === drop.id)).toMatchObject({ kind: "sequential", metric: "accuracy", name: "Accuracy below its normal", params: { baseline: "history" } });
    expect(after.find((r) => r.name === "Accuracy below 85 %")).toMatchObject({ kind: "sequential", action: "pause", params: { baseline: "fixed", level: 0.85 } });
    expect(after.find((r) => r.id === thumbs.id)).toMatchObject({ kind: "window", params: { ceiling: 0.3 } });
    expect(after.find((r) => r.metric === "overconfidence")).toMatchObject({ kind: "window" });
    const events = await db.auditEvent.findMany({ where: { action: "rule.upgrade", target: { startsWith: "rule-upgrade/" } } });
    expect(events).toHaveLength(3);
    expect(JSON.parse(events[0].before!)).toMatchObject({ kind: "window" });
    expect(JSON.parse(events[0].after!)).toMatchObject({ kind: "sequential" });
    // idempotent
    expect(await upgradeDefaultRules("rule-upgrade", "test")).toEqual([]);
    expect(await upgradableRules("rule-upgrade")).toEqual([]);
  });
});
