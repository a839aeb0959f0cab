import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { decisionSnapshot } from "@/lib/decision/decision-snapshot";
import { createFeatureFromTemplate, updateFeatureDetails } from "@/lib/data/feature-setup";
import { featureByKey } from "@/lib/data/features";
import { planOf, updatePlan } from "@/lib/data/plans";
import { createSegment, deleteSegment, listSegments, updateSegment } from "@/lib/data/segments";
import { templatePlan } from "@/lib/domain/plan-templates";
import { ZPlan } from "@/lib/schemas/plan";

// Feature set-up, plan editing and segments against a real database.

beforeAll(async () => {
  await createFeatureFromTemplate({ key: "advice", name: "Advice", stakes: "high", description: "", owner: "wealth", fallback: "A human advisor answers" }, "user:admin@example.com");
});

describe("feature set-up from a template", () => {
  it("creates the feature in the template's first phase, its plan, its first phase run and the segments it names", async () => {
    const f = (await featureByKey("advice"))!;
    expect(f.currentPhase).toMatchObject({ key: "employees", segments: ["internal"], confidenceThreshold: 0.95, reviewRate: 1, educationalOnly: true });
    expect(planOf(f.phases)).toEqual(ZPlan.parse(templatePlan("high")));
    expect(await db.phaseRun.count({ where: { featureId: f.id, endedAt: null } })).toBe(1);
    expect((await listSegments()).map((s) => s.key)).toEqual(["beta-power-users", "internal"]);
    expect(await db.auditEvent.count({ where: { action: "segment.create" } })).toBe(2);
    const snap = await decisionSnapshot();
    expect(snap.features.get("advice")?.phase).toMatchObject({ key: "employees", segments: ["internal"] });
  });

  it("refuses a second feature with the same key (409)", async () => {
    await expect(createFeatureFromTemplate({ key: "advice", name: "Again", stakes: "low", description: "", owner: "", fallback: "" }, "test")).rejects.toMatchObject({ status: 409, code: "feature_exists" });
  });

  it("edits the details with an audit event (before/after)", async () => {
    await updateFeatureDetails({ feature: "advice", name: "Advice v2", description: "d", stakes: "high", owner: "wealth-ai", fallback: "Routed to an advisor" }, "user:admin@example.com");
    expect((await featureByKey("advice"))!).toMatchObject({ name: "Advice v2", owner: "wealth-ai", fallback: "Routed to an advisor" });
    const e = await db.auditEvent.findFirstOrThrow({ where: { action: "feature.update", target: "advice" } });
    expect(JSON.parse(e.before!).name).toBe("Advice");
    expect(JSON.parse(e.after!).name).toBe("Advice v2");
  });
});

describe("plan editing", () => {
  it("a change to the current phase reaches the decision snapshot at once and is a threshold change on the feed", async () => {
    const plan = templatePlan("high");
    plan[0]!.confidenceThreshold = 0.97;
    plan.splice(3, 1); // drop a later phase
    const r = await updatePlan("advice", plan, "user:admin@example.com");
    expect(r).toMatchObject({ phases: 4, currentPhaseChanged: true });
    expect((await decisionSnapshot()).features.get("advice")?.phase?.confidenceThreshold).toBe(0.97);
    const f = (await featureByKey("advice"))!;
    expect(f.phases.map((p) => [p.position, p.key])).toEqual([[0, "employees"], [1, "beta"], [2, "early-access"], [3, "full"]]);
    const change = await db.stateChange.findFirstOrThrow({ where: { featureKey: "advice", type: "threshold_changed" } });
    expect(JSON.parse(change.payload)).toMatchObject({ phase: "employees", before: { confidenceThreshold: 0.95 }, after: { confidenceThreshold: 0.97 } });
    const e = await db.auditEvent.findFirstOrThrow({ where: { action: "plan.update", target: "advice" } });
    expect(JSON.parse(e.before!)).toHaveLength(5);
    expect(JSON.parse(e.after!)).toHaveLength(4);
  });

  it("reorders and adds later phases; a change there is not a threshold change", async () => {
    const plan = planOf((await featureByKey("advice"))!.phases);
    const [, beta, early, full] = plan;
    const pilot = { ...early!, key: "pilot-2", name: "Second pilot" };
    const r = await updatePlan("advice", [plan[0]!, early!, beta!, pilot, full!], "test");
    expect(r.currentPhaseChanged).toBe(false);
    expect((await featureByKey("advice"))!.phases.map((p) => p.key)).toEqual(["employees", "early-access", "beta", "pilot-2", "full"]);
  });

  it("keeps the phases up to the current one in place (409) and refuses unknown segments (400)", async () => {
    const plan = planOf((await featureByKey("advice"))!.phases);
    await expect(updatePlan("advice", plan.slice(1), "test")).rejects.toMatchObject({ status: 409, code: "plan_history_locked" });
    await expect(updatePlan("advice", [{ ...plan[0]!, key: "renamed" }, ...plan.slice(1)], "test")).rejects.toMatchObject({ status: 409 });
    await expect(updatePlan("advice", [plan[0]!, { ...plan[1]!, segments: ["nobody"] }], "test")).rejects.toMatchObject({ status: 400, code: "unknown_segment" });
    await expect(updatePlan("nope", plan, "test")).rejects.toMatchObject({ status: 404 });
  });
});

describe("segments", () => {
  it("creates, edits and deletes a segment with audit events; one that a phase uses cannot be deleted", async () => {
    await createSegment({ key: "low-risk", name: "Low risk", reason: "Small balances" }, "test");
    await expect(createSegment({ key: "low-risk", name: "x", reason: "y" }, "test")).rejects.toMatchObject({ status: 409 });
    await updateSegment({ key: "low-risk", name: "Low-risk portfolios", reason: "Small, diversified portfolios" }, "test");
    expect((await listSegments()).find((s) => s.key === "low-risk")).toMatchObject({ name: "Low-risk portfolios", usedBy: [] });
    await deleteSegment("low-risk", "test");
    expect(await db.segment.count({ where: { key: "low-risk" } })).toBe(0);
    expect(await db.auditEvent.count({ where: { target: "low-risk", action: { startsWith: "segment." } } })).toBe(3);
    await expect(deleteSegment("internal", "test")).rejects.toMatchObject({ status: 409, code: "segment_in_use", details: { usedBy: ["advice/employees"] } });
  });
});
