import { OFREPProvider } from "@openfeature/ofrep-provider";
import { OpenFeature, type Client } from "@openfeature/server-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFeatureFromTemplate } from "@/lib/data/feature-setup";
import { advanceFeature } from "@/lib/use-cases/move-phase";
import { planOf, updatePlan } from "@/lib/data/plans";
import { featureByKey } from "@/lib/data/features";
import { PLAN_TEMPLATES, type StakesLevel } from "@/lib/domain/plan-templates";
import { givenKey } from "@/lib/testing/fixtures";
import { liveLoopRoutes, serveRoutes, type RouteServer } from "@/lib/testing/route-server";

// Every guardrail of the current phase reaches the product as OFREP flagMetadata, read the way a
// product reads it: the official OpenFeature server SDK with the OFREP provider, over HTTP.

let server: RouteServer;
let evaluateKey: string;
let client: Client;

const TEMPLATE_FEATURES: Record<StakesLevel, string> = { low: "notes-summary", medium: "codegen", high: "advisor" };

beforeAll(async () => {
  for (const stakes of ["low", "medium", "high"] as const) {
    await createFeatureFromTemplate(
      {
        key: TEMPLATE_FEATURES[stakes],
        name: TEMPLATE_FEATURES[stakes],
        description: "",
        stakes,
        owner: "owner@example.com",
        fallback: "the non-AI form",
      },
      "test",
    );
  }
  evaluateKey = await givenKey(["evaluate"]);
  server = await serveRoutes(await liveLoopRoutes());
  await OpenFeature.setProviderAndWait(new OFREPProvider({ baseUrl: server.url, headers: [["Authorization", `Bearer ${evaluateKey}`]] }));
  client = OpenFeature.getClient();
});

afterAll(async () => {
  await OpenFeature.close();
  await server.close();
});

/** A unit inside the phase's audience and segment, so that only the input type decides. */
const insider = { targetingKey: "employee-1", segment: "internal" };

describe("flagMetadata carries the current phase's guardrails", () => {
  it.each(["low", "medium", "high"] as const)("for the %s-stakes template: every field, flat, as the template sets it", async (stakes) => {
    const phase = PLAN_TEMPLATES[stakes].plan[0]!;
    const d = await client.getBooleanDetails(TEMPLATE_FEATURES[stakes], false, {
      ...insider,
      segment: phase.segments[0],
      inputType: phase.inputTypes?.[0] ?? "anything",
    });
    expect(d.flagMetadata).toEqual({
      phase: phase.key,
      confidenceThreshold: phase.confidenceThreshold,
      lowConfidence: phase.lowConfidence ?? "fallback",
      inputTypes: (phase.inputTypes ?? []).join(","),
      educationalOnly: phase.educationalOnly ?? false,
      expertReview: phase.expertReview ?? "",
      disclosure: phase.disclosure ?? "",
      humanReview: expect.any(Boolean),
      detail: expect.any(String),
    });
    for (const v of Object.values(d.flagMetadata)) expect(["string", "number", "boolean"]).toContain(typeof v);
    expect(d.flagMetadata.disclosure).not.toBe("");
  });

  it("high stakes tells the product to frame answers as educational only, with the advisor's check and no guessing", async () => {
    const d = await client.getBooleanDetails("advisor", false, { ...insider, inputType: "rebalance" });
    expect(d.flagMetadata).toMatchObject({
      educationalOnly: true,
      expertReview: "A qualified advisor checks every answer before the user sees it",
      lowConfidence: "fallback",
      humanReview: true,
    });
  });
});

describe("task filtering by input type", () => {
  // The medium-stakes (code generation) template starts with the languages it handles best.
  const coder = { targetingKey: "dev-1", segment: "beta-power-users" };

  it("answers false, variant fallback, with the reason, for a language the phase does not serve yet", async () => {
    const d = await client.getBooleanDetails("codegen", true, { ...coder, inputType: "rust" });
    expect(d).toMatchObject({
      value: false,
      variant: "fallback",
      reason: "TARGETING_MATCH",
      flagMetadata: { detail: "input_type_not_enabled", inputTypes: "python,typescript" },
    });
    expect(d.errorCode).toBeUndefined();
  });

  it("gives a listed language the ordinary decision: the audience decides, not the filter", async () => {
    const units = Array.from({ length: 120 }, (_, i) => `dev-${i}`);
    const details = [];
    for (let i = 0; i < units.length; i += 20) {
      details.push(
        ...(await Promise.all(
          units
            .slice(i, i + 20)
            .map((u) => client.getBooleanDetails("codegen", false, { targetingKey: u, segment: "beta-power-users", inputType: "python" })),
        )),
      );
    }
    expect(details.filter((d) => d.errorCode).map((d) => d.errorMessage)).toEqual([]);
    const inside = details.filter((d) => d.value);
    // 10 % of beta users: some in, most out, and none of them for the input type.
    expect(inside.length).toBeGreaterThan(2);
    expect(inside.length).toBeLessThan(35);
    expect(new Set(details.map((d) => d.flagMetadata.detail))).toEqual(new Set(["in_audience", "outside_audience"]));
    for (const d of inside)
      expect(d).toMatchObject({
        variant: "ai",
        reason: "TARGETING_MATCH",
        flagMetadata: { lowConfidence: "flag", disclosure: "AI-generated — verify thoroughly before running" },
      });
  });

  it("follows a plan edit on the next evaluation: a language enabled, another disclosure", async () => {
    const feature = (await featureByKey("codegen"))!;
    const plan = planOf(feature.phases);
    plan[0] = {
      ...plan[0]!,
      audiencePercent: 100,
      inputTypes: ["python", "typescript", "rust"],
      disclosure: "Generated code — review before running",
      lowConfidence: "ask",
    };
    await updatePlan("codegen", plan, "test");
    const d = await client.getBooleanDetails("codegen", false, { ...coder, inputType: "rust" });
    expect(d).toMatchObject({
      value: true,
      variant: "ai",
      flagMetadata: { inputTypes: "python,typescript,rust", disclosure: "Generated code — review before running", lowConfidence: "ask" },
    });
  });

  it("changes the bulk evaluation and its ETag when only the metadata changes", async () => {
    const post = (etag?: string) =>
      fetch(`${server.url}/ofrep/v1/evaluate/flags`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${evaluateKey}`, ...(etag ? { "if-none-match": etag } : {}) },
        body: JSON.stringify({ context: { ...coder, inputType: "python" } }),
      });
    const first = await post();
    const etag = first.headers.get("etag")!;
    expect((await post(etag)).status).toBe(304);
    const plan = planOf((await featureByKey("codegen"))!.phases);
    plan[0] = { ...plan[0]!, disclosure: "Verify before running" };
    await updatePlan("codegen", plan, "test");
    const changed = await post(etag);
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    const { flags } = (await changed.json()) as { flags: { key: string; metadata: Record<string, unknown> }[] };
    expect(flags.find((f) => f.key === "codegen")?.metadata.disclosure).toBe("Verify before running");
  });
});

describe("advancing a phase", () => {
  it("changes the metadata on the next evaluation", async () => {
    const [first, second] = PLAN_TEMPLATES.high.plan;
    const before = await client.getBooleanDetails("advisor", false, { ...insider, inputType: "rebalance" });
    expect(before.flagMetadata).toMatchObject({ phase: first!.key });
    await advanceFeature({ key: "advisor", reason: "employees found no high-risk mistakes", override: true, actor: "test" });
    const after = await client.getBooleanDetails("advisor", false, {
      targetingKey: "customer-1",
      segment: "beta-power-users",
      inputType: "rebalance",
    });
    expect(after.flagMetadata).toMatchObject({
      phase: second!.key,
      confidenceThreshold: second!.confidenceThreshold,
      expertReview: second!.expertReview,
      educationalOnly: true,
      disclosure: second!.disclosure,
    });
  });

  it("a code-generation feature advanced to Full serves every language", async () => {
    for (let i = 0; i < 3; i++) await advanceFeature({ key: "codegen", reason: "held its floor", override: true, actor: "test" });
    const d = await client.getBooleanDetails("codegen", false, { targetingKey: "anyone", inputType: "rust" });
    expect(d).toMatchObject({ value: true, flagMetadata: { phase: "full", inputTypes: "" } });
  });
});
