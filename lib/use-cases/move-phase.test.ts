import { describe, expect, it } from "vitest";
import { db } from "../db";
import { givenFeature } from "../testing/fixtures";
import { rulesOf, updateAlertRule } from "../data/alert-rules";
import { advanceFeature, rollbackFeature } from "./move-phase";

// The default floor rule follows the phase: Beta's floor is 90 %, Early access's 88 % (the default
// plan). A rule an admin changed keeps their threshold through every move.

// Since issue 12 the default floor is a sequential rule against a fixed level.
const floorRule = async (featureId: string) => (await rulesOf(featureId)).find((r) => /^Accuracy below \d+ %$/.test(r.name))!;

describe("phase moves and the default floor rule", () => {
  it("follows the new phase's floor on advance and back on rollback, audited", async () => {
    const f = await givenFeature("floor-follow", "beta");
    expect(await floorRule(f.id)).toMatchObject({ name: "Accuracy below 90 %", params: { baseline: "fixed", level: 0.9 } });

    await advanceFeature({ key: "floor-follow", reason: "test", override: true, actor: "user:ana@example.com" });
    expect(await floorRule(f.id)).toMatchObject({ name: "Accuracy below 88 %", params: { baseline: "fixed", level: 0.88 } });
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "rule.follow_phase" } });
    expect(event).toMatchObject({ actor: "user:ana@example.com", target: expect.stringMatching(/^floor-follow\//) });
    expect(JSON.parse(event.after!)).toMatchObject({ params: { baseline: "fixed", level: 0.88 } });

    await rollbackFeature({ key: "floor-follow", reason: "test", actor: "user:ana@example.com" });
    expect(await floorRule(f.id)).toMatchObject({ name: "Accuracy below 90 %", params: { baseline: "fixed", level: 0.9 } });
  });

  it("keeps a floor an admin set", async () => {
    const f = await givenFeature("floor-custom", "beta");
    const rule = await floorRule(f.id);
    await updateAlertRule(
      "floor-custom",
      {
        ruleId: rule.id,
        params: { level: 0.93 },
        windowMinutes: rule.windowMinutes,
        minSamples: rule.minSamples,
        action: rule.action,
        enabled: true,
      },
      "user:admin@example.com",
    );
    await advanceFeature({ key: "floor-custom", reason: "test", override: true, actor: "user:ana@example.com" });
    expect((await floorRule(f.id)).params).toMatchObject({ level: 0.93 });
  });
});
