import { describe, expect, it } from "vitest";
import { ZPlan } from "../schemas/plan";
import { DEFAULT_PLAN } from "./plan";
import { PLAN_TEMPLATES, templatePlan, type StakesLevel } from "./plan-templates";
import { phaseGuardrails } from "./phase-guardrails";

const LEVELS: StakesLevel[] = ["low", "medium", "high"];

describe("plan templates", () => {
  it.each(LEVELS)("%s produces a plan the plan schema accepts, with every segment it names declared", (stakes) => {
    const t = PLAN_TEMPLATES[stakes];
    expect(ZPlan.safeParse(t.plan).success, JSON.stringify(ZPlan.safeParse(t.plan).error?.issues)).toBe(true);
    const declared = new Set(t.segments.map((s) => s.key));
    for (const p of t.plan) for (const s of p.segments) expect(declared.has(s), `${stakes}/${p.key} uses ${s}`).toBe(true);
    for (const s of t.segments) expect(s.reason.length).toBeGreaterThan(10);
    for (const p of t.plan) expect(p.rationale?.length, `${stakes}/${p.key} explains itself`).toBeGreaterThan(10);
    expect(t.plan.at(-1)!.audiencePercent).toBe(100);
  });

  it("the default plan is valid too", () => {
    expect(ZPlan.safeParse(DEFAULT_PLAN).success).toBe(true);
  });

  it("low: starts at 5 % of power users, 80 % threshold, 2 weeks", () => {
    const [first] = templatePlan("low");
    expect(first).toMatchObject({ audiencePercent: 5, segments: ["beta-power-users"], confidenceThreshold: 0.8, minDurationDays: 14 });
  });

  it("medium: starts at 10 % of beta users, 85 %, review before execution, 4 weeks", () => {
    const [first] = templatePlan("medium");
    expect(first).toMatchObject({ audiencePercent: 10, segments: ["beta-power-users"], confidenceThreshold: 0.85, minDurationDays: 28 });
    expect(first!.expertReview).toMatch(/before it runs/);
  });

  it("high: employees only for 2 weeks, every answer reviewed, 95 %+ everywhere, educational only, legal sign-off", () => {
    const plan = templatePlan("high");
    expect(plan[0]).toMatchObject({ segments: ["internal"], reviewRate: 1, minDurationDays: 14 });
    expect(plan[0]!.successCriteria.requiredSignOffs).toContain("legal");
    for (const p of plan) {
      expect(p.confidenceThreshold).toBeGreaterThanOrEqual(0.95);
      expect(p.successCriteria.accuracyMin).toBeGreaterThanOrEqual(0.95);
      expect(p.educationalOnly).toBe(true);
    }
    expect(phaseGuardrails(plan[0]!).every((g) => g.on)).toBe(true);
  });

  it("templatePlan returns a copy: editing it leaves the template alone", () => {
    const plan = templatePlan("high");
    plan[0]!.segments.push("x");
    plan[0]!.successCriteria.accuracyMin = 0.1;
    expect(PLAN_TEMPLATES.high.plan[0]!.segments).toEqual(["internal"]);
    expect(PLAN_TEMPLATES.high.plan[0]!.successCriteria.accuracyMin).toBe(0.95);
  });

  it("the schema refuses a plan with a repeated phase key or out-of-range numbers", () => {
    const plan = templatePlan("low");
    const twice = ZPlan.safeParse([...plan, plan[0]]);
    expect(twice.success).toBe(false);
    expect(twice.error!.issues[0]!.message).toMatch(/used twice/);
    expect(ZPlan.safeParse([{ ...plan[0], audiencePercent: 120 }]).success).toBe(false);
    expect(ZPlan.safeParse([{ ...plan[0], confidenceThreshold: 1.5 }]).success).toBe(false);
    expect(ZPlan.safeParse([{ ...plan[0], rateLimitPerMinute: 0 }]).success).toBe(false);
    expect(ZPlan.safeParse([]).success).toBe(false);
  });
});
