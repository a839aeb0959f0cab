import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { givenFeature } from "../testing/fixtures";
import { rulesOf, updateAlertRule } from "./alert-rules";

// The rule editor's save: settings change, unseen parameters stay, the audit log has before/after.

let featureId: string;
beforeAll(async () => {
  featureId = (await givenFeature("rule-edit", "full")).id;
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
