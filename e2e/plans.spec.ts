import { expect, test, shot } from "./fixtures";

// Rollout plans end to end: an admin creates a high-stakes feature from its template and writes
// the readiness checklist; the feature cannot advance while its criteria are unmet (the API says
// 409, the UI offers only an audited override); labels and thumbs sent through the ingest API
// then meet the live criteria. The 14-day minimum of the template's first phase cannot pass in a
// test, so the admin shortens it in the plan editor (an audited plan change) — after that the
// criteria are met for real, and an operator advances WITHOUT an override; the decision API follows.

const KEY = `advice-${Date.now().toString(36)}`;

test("an admin sets up a high-stakes feature; it advances only once its criteria are met", async ({ page, signInAs, api }, testInfo) => {
  test.setTimeout(120_000);
  await signInAs("admin");

  // 1. Create from the high-stakes template.
  await page.goto("/features/new");
  await page.getByLabel("Key").fill(KEY);
  await page.getByLabel("Name").fill("Savings advice");
  await page.getByLabel("Description").fill("Answers questions about savings and investments.");
  await page.getByLabel("Owner").fill("wealth-ai");
  await page.getByRole("radio", { name: /^High/ }).check();
  await page.getByLabel("Fallback behaviour").fill("The question goes to a human advisor.");
  await expect(page.getByLabel("Start from the template")).toHaveValue("high");
  const preview = page.getByRole("table", { name: /high-stakes template/ });
  await expect(preview.getByRole("row", { name: /Employees only/ })).toContainText("100 % of Employees");
  await expect(preview).toContainText("Educational only");
  await expect(preview).toContainText("legal sign-off");
  await shot(page, testInfo, "1-new-feature");
  await page.getByRole("button", { name: "Create feature" }).click();
  await expect(page).toHaveURL(new RegExp(`/features/${KEY}/checklist`));
  await expect(page.getByRole("status").filter({ hasText: "Created" })).toContainText("Employees only");

  // 2. The readiness checklist, written before the rollout.
  await expect(page.getByRole("heading", { name: /Ready to ship\?/ })).toContainText("items open");
  const guardrails = page.getByRole("table", { name: /Guardrails on in each phase/ });
  await expect(guardrails.getByRole("row", { name: /Employees only/ })).not.toContainText("Off"); // all five on
  await page.getByLabel("Threshold (%)").fill("95");
  await page.getByLabel("Measured (%)").fill("96.4");
  await page.getByLabel("Examples in the held-out set").fill("2000");
  await page.getByLabel("Data set").fill("advice-eval-v3");
  await page.getByLabel("Patterns (one per line)").fill("market crash questions\nnon-English questions\nquestions about tax");
  await page.getByLabel("Cases tested").fill("180");
  await page.getByLabel("Scenario").fill("A customer moves savings into a volatile fund on a confident wrong answer.");
  await page.getByLabel("Business impact").fill("Compensation, complaint handling and regulator attention.");
  await page.getByLabel("Estimated cost per incident").fill("120000");
  for (const [i, [role, name]] of [
    ["product", "Pia Product"],
    ["engineering", "Eli Engineer"],
    ["legal", "Lou Legal"],
  ].entries()) {
    await page.getByRole("button", { name: "Add sign-off" }).click();
    const row = page.getByRole("group", { name: `Sign-off ${i + 1}` });
    await row.getByLabel("Role").fill(role!);
    await row.getByLabel("Signed off by").fill(name!);
  }
  await page.getByRole("button", { name: "Save checklist" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
  await expect(page.getByRole("heading", { name: /Ready to ship\?/ })).toContainText("every item is done");
  await shot(page, testInfo, "2-checklist");

  // 3. Not ready: no evidence yet, and 14 days to go.
  await page.getByRole("navigation", { name: "Feature pages" }).getByRole("link", { name: "Plan & graduation" }).click();
  const verdict = page.getByTestId("graduation-verdict");
  await expect(verdict).toContainText("Not ready to advance");
  const criteria = page.getByRole("table", { name: /Success criteria of Employees only/ });
  await expect(criteria.getByRole("row", { name: /Accuracy ≥ 95 %/ })).toContainText("Not enough evidence");
  await expect(criteria.getByRole("row", { name: /Legal sign-off/ })).toContainText("Met");
  const refused = await api.request.post(`/api/v1/features/${KEY}/advance`, {
    headers: { authorization: `Bearer ${api.key}` },
    data: { reason: "looks good" },
  });
  expect(refused.status()).toBe(409);
  expect((await refused.json()).error.code).toBe("criteria_not_met");

  // 4. Live evidence: 400 reviewed answers (392 correct) and 120 thumbs up from employees.
  const events: unknown[] = [];
  for (let i = 0; i < 400; i++) {
    events.push({ type: "output", id: `${KEY}-${i}`, feature: KEY, confidence: 0.97, segment: "internal", unit: `emp-${i % 40}` });
    events.push({ type: "label", outputId: `${KEY}-${i}`, feature: KEY, correct: i % 50 !== 0, source: "human" });
    if (i < 120) events.push({ type: "feedback", outputId: `${KEY}-${i}`, feature: KEY, value: "up" });
  }
  for (let i = 0; i < events.length; i += 500) await api.ingest(events.slice(i, i + 500));
  await page.reload();
  await expect(criteria.getByRole("row", { name: /Accuracy ≥ 95 %/ })).toContainText("Met");
  await expect(criteria.getByRole("row", { name: /Accuracy ≥ 95 %/ })).toContainText("n = 400");
  await expect(criteria.getByRole("row", { name: /Thumbs up/ })).toContainText("Met");
  await expect(criteria.getByRole("row", { name: /days in phase/ })).toContainText("Not yet");
  await expect(verdict).toContainText("1 item missing");
  // The UI offers only an override while anything is missing.
  await page.getByRole("button", { name: /^Advance to Reviewed beta/ }).click();
  await page.getByLabel("Reason", { exact: true }).fill("trying without override");
  await expect(page.getByRole("button", { name: "Override and advance to Reviewed beta" })).toBeDisabled();
  await shot(page, testInfo, "3-not-ready");
  await page.getByRole("button", { name: "Cancel" }).click();

  // 5. The admin shortens the first phase's minimum duration (an audited plan change).
  await page.getByRole("link", { name: "Edit plan" }).click();
  const first = page.getByRole("group", { name: /Phase 1: Employees only/ });
  await first.getByLabel("Minimum duration (days)").fill("0");
  await page.getByRole("button", { name: "Save plan" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();

  // 6. An operator advances — no override needed now — and the decision API follows.
  await page.context().clearCookies();
  await signInAs("operator");
  await page.goto(`/features/${KEY}/plan`);
  await expect(verdict).toContainText("Ready to advance to Reviewed beta");
  await shot(page, testInfo, "4-ready");
  await page.getByRole("button", { name: /^Advance to Reviewed beta/ }).click();
  await expect(page.getByText("Override:")).toHaveCount(0);
  await page.getByLabel("Reason", { exact: true }).fill("400 reviewed answers at 98 %, legal signed off");
  await page.getByRole("button", { name: "Advance to Reviewed beta", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Advanced to Reviewed beta" })).toBeVisible();
  await expect(page.getByRole("table", { name: /Every run of a phase/ })).toContainText("↗ advanced");
  await expect(verdict).toContainText("Not ready"); // the new phase starts collecting its own evidence
  await shot(page, testInfo, "5-advanced");

  const decision = await api.request.post(`/ofrep/v1/evaluate/flags/${KEY}`, {
    headers: { authorization: `Bearer ${api.key}` },
    data: { context: { targetingKey: "emp-1", segment: "internal" } },
  });
  expect((await decision.json()).metadata).toMatchObject({ phase: "beta", confidenceThreshold: 0.95 });

  // The feature page shows the timeline too.
  await page.goto(`/features/${KEY}`);
  await expect(page.getByRole("list", { name: "Phases in order" })).toContainText("Reviewed beta");
  await expect(page.getByRole("link", { name: "Plan & graduation →" })).toBeVisible();
});

test("a viewer reads plans and segments but gets no controls", async ({ page, signInAs }) => {
  await signInAs("viewer");
  await page.goto("/features/code-assist/plan");
  await expect(page.getByTestId("graduation-verdict")).toBeVisible();
  await expect(page.getByRole("table", { name: /Escalation plan/ })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Advance to/ })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Edit plan" })).toHaveCount(0);
  await page.goto("/segments");
  await expect(page.getByRole("row", { name: /Employees/ })).toContainText("know the feature is new");
  await expect(page.getByRole("button", { name: "Add segment" })).toHaveCount(0);
});
