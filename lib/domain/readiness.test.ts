import { describe, expect, it } from "vitest";
import { EMPTY_CHECKLIST, type ChecklistContent } from "../schemas/checklist";
import { describeAudience, describeCriteria, escalationTable } from "./escalation";
import { phaseGuardrails } from "./phase-guardrails";
import { DEFAULT_PLAN } from "./plan";
import { templatePlan } from "./plan-templates";
import { openItems, readinessItems, requiredSignOffs } from "./readiness";

const filled: ChecklistContent = {
  heldOut: { accuracyThreshold: 0.95, measuredAccuracy: 0.962, sampleSize: 2000, dataset: "advice-eval-v3" },
  edgeCases: { patterns: ["market crash", "non-English question"], casesTested: 140 },
  worstCase: {
    scenario: "A customer sells at the bottom of a crash",
    impact: "Compensation and complaint handling",
    estimatedCost: 120000,
    currency: "EUR",
  },
  signOffs: [
    { role: "product", name: "Pia", at: "2026-11-20" },
    { role: "engineering", name: "Eli", at: "2026-11-21" },
    { role: "legal", name: "Lou", at: "2026-11-22" },
  ],
};

describe("readiness checklist", () => {
  it("requires product and engineering sign-off, plus what the plan requires", () => {
    expect(requiredSignOffs(DEFAULT_PLAN)).toEqual(["product", "engineering"]);
    expect(requiredSignOffs(templatePlan("high"))).toEqual(["product", "engineering", "legal"]);
  });

  it("an empty checklist has every item open", () => {
    const items = readinessItems(EMPTY_CHECKLIST, { fallback: "", disclosure: "", requiredSignOffs: ["product", "legal"] });
    expect(items.every((i) => !i.done)).toBe(true);
    expect(openItems(items)).toContain("legal sign-off");
  });

  it("a filled checklist is complete", () => {
    const items = readinessItems(filled, {
      fallback: "Routed to a human advisor",
      disclosure: "Educational only",
      requiredSignOffs: ["product", "engineering", "legal"],
    });
    expect(openItems(items)).toEqual([]);
    expect(items.find((i) => i.id === "held_out_measured")!.detail).toBe("measured 96.2 % on 2,000 examples (≥ 95 %)");
    expect(items.find((i) => i.id === "worst_case")!.detail).toBe("estimated 120,000 EUR per incident");
  });

  it("a held-out measurement below its threshold, or an unquantified worst case, is not done", () => {
    const below = { ...filled, heldOut: { ...filled.heldOut, measuredAccuracy: 0.9 } };
    const vague = { ...filled, worstCase: { ...filled.worstCase, estimatedCost: null } };
    const ctx = { fallback: "x", disclosure: "AI-generated", requiredSignOffs: [] };
    expect(openItems(readinessItems(below, ctx))).toEqual(["held-out accuracy measured and above the threshold"]);
    expect(openItems(readinessItems(vague, ctx))).toEqual(["worst case described with its business impact"]);
  });

  it("the transparency item is met only when the current phase has a disclosure", () => {
    const ctx = { fallback: "x", requiredSignOffs: [] };
    expect(openItems(readinessItems(filled, { ...ctx, disclosure: "  " }))).toEqual(["users told where the ai might fail"]);
    const met = readinessItems(filled, { ...ctx, disclosure: "AI-generated — verify thoroughly" });
    expect(met.find((i) => i.id === "transparency")).toMatchObject({
      done: true,
      detail: "disclosure: “AI-generated — verify thoroughly”",
    });
  });
});

describe("guardrails and the escalation table", () => {
  it("reads the five guardrails off a phase", () => {
    const [beta, early, , full] = DEFAULT_PLAN;
    expect(phaseGuardrails(beta!).map((g) => [g.id, g.on])).toEqual([
      ["confidence_threshold", true],
      ["human_review", true],
      ["expert_review", false],
      ["segment_limit", true],
      ["rate_limit", true],
    ]);
    expect(phaseGuardrails(early!).find((g) => g.id === "human_review")!.detail).toBe("5 % of outputs sampled for review");
    expect(
      phaseGuardrails(full!)
        .filter((g) => g.on)
        .map((g) => g.id),
    ).toEqual(["confidence_threshold"]);
  });

  it("describes audiences and exit criteria in words", () => {
    expect(describeAudience({ audiencePercent: 100, segments: ["internal"] }, { internal: "Employees" })).toBe("100 % of Employees");
    expect(describeAudience({ audiencePercent: 5, segments: [] })).toBe("5 % of everyone");
    expect(describeCriteria(templatePlan("high")[0]!.successCriteria, 14)).toEqual([
      "accuracy ≥ 95 % (lower bound) with ≥ 300 labels",
      "thumbs up ≥ 90 %",
      "no critical tickets",
      "no open alerts",
      "legal sign-off",
      "at least 14 days",
    ]);
  });

  it("one row per phase, with the educational-only flag among the guardrails", () => {
    const rows = escalationTable(templatePlan("high"), { internal: "Employees" });
    expect(rows).toHaveLength(5);
    expect(rows[0]!.users).toBe("100 % of Employees");
    expect(rows[0]!.guardrails).toContain("Educational only: answers are framed as information, not advice");
    expect(rows[0]!.reasoning).toMatch(/Legal signs off/);
  });

  it("lists a phase's input types and its disclosure among the guardrails", () => {
    const [beta] = escalationTable(templatePlan("medium"));
    expect(beta!.guardrails).toContain("Input types: only python, typescript; other tasks get the fallback");
    expect(beta!.guardrails).toContain("Disclosure: “AI-generated — verify thoroughly before running”");
    expect(beta!.guardrails).toContain("Confidence threshold: answers below 0.85 are shown flagged as low-confidence");
  });
});
