import { expect, test, createFeatureInForm } from "./fixtures";

// Every guardrail of the plan reaches the product: an admin edits the current phase's input types
// and disclosure in the plan editor, and the decision API (OFREP) answers with them on the next
// evaluation; the product's low-confidence presentations show on the dashboard.

const KEY = `codegen-${Date.now().toString(36)}`;
const coder = { targetingKey: "dev-1", segment: "beta-power-users" };

test("input types and the disclosure edited in the plan editor reach the decision API", async ({ page, signInAs, api }, testInfo) => {
  test.setTimeout(90_000);
  await signInAs("admin");
  await createFeatureInForm(page, {
    key: KEY,
    name: "Code generation",
    owner: "dev-tools",
    stakes: "Medium",
    fallback: "The editor offers the snippet library.",
  });

  // The template starts with the languages it handles best: rust falls back, with the reason.
  const before = await api.evaluate(KEY, { ...coder, inputType: "rust" });
  expect(before).toMatchObject({ value: false, variant: "fallback", reason: "TARGETING_MATCH" });
  expect(before.metadata).toMatchObject({
    phase: "beta",
    inputTypes: "python,typescript",
    lowConfidence: "flag",
    detail: "input_type_not_enabled",
    disclosure: "AI-generated — verify thoroughly before running",
  });

  await page.goto(`/features/${KEY}/plan/edit`);
  const first = page.getByRole("group", { name: /Phase 1: Beta/ });
  await expect(first.getByLabel(/Input types served/)).toHaveValue("python, typescript");
  await first.getByLabel("Audience (%)").fill("100");
  await first.getByLabel(/Input types served/).fill("python, typescript, rust");
  await first.getByLabel("Below the threshold").selectOption("ask");
  await first.getByLabel("Disclosure beside the answer").fill("Generated code — review it before running");
  await page.getByRole("button", { name: "Save plan" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toContainText("decision API already answers");
  const path = testInfo.outputPath("plan-editor.png");
  await first.screenshot({ path });
  await testInfo.attach("plan-editor", { path, contentType: "image/png" });

  const after = await api.evaluate(KEY, { ...coder, inputType: "rust" });
  expect(after).toMatchObject({ value: true, variant: "ai", reason: "TARGETING_MATCH" });
  expect(after.metadata).toMatchObject({
    phase: "beta",
    inputTypes: "python,typescript,rust",
    lowConfidence: "ask",
    disclosure: "Generated code — review it before running",
    expertReview: "A developer reviews the generated code before it runs",
    educationalOnly: false,
  });
  expect((await api.evaluate(KEY, { ...coder, inputType: "sql" })).value).toBe(false);

  // The readiness checklist's transparency item is met by the disclosure.
  await page.goto(`/features/${KEY}/checklist`);
  await expect(page.getByRole("listitem").filter({ hasText: "Users told where the AI might fail" })).toContainText(
    "Generated code — review it before running",
  );

  // The product reports how it presented each answer; the dashboard separates the four.
  const presentations = ["plain", "plain", "plain", "flagged", "flagged", "asked", "fallback"];
  await api.ingest(
    presentations.map((p, i) => ({
      type: "output",
      id: `${KEY}-${i}`,
      feature: KEY,
      confidence: p === "plain" ? 0.95 : 0.6,
      presentation: p,
      inputType: "rust",
      segment: "beta-power-users",
    })),
  );
  await page.goto(`/features/${KEY}`);
  const card = page.getByRole("region", { name: "How answers were presented" });
  await expect(card).toContainText("Of 7 outputs");
  await expect(card).toContainText("28.6 % shown flagged as low-confidence");
  await expect(card).toContainText("14.3 % asked the user instead");
  const shot = testInfo.outputPath("presentation.png");
  await card.screenshot({ path: shot });
  await testInfo.attach("presentation", { path: shot, contentType: "image/png" });
});
