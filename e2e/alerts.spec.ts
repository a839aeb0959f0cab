import { expect, test, shot, createFeatureInForm } from "./fixtures";

// Alerts end to end, on a high-stakes feature of its own (so the demo features' history, which
// other journeys read, stays as seeded): wrong answers sent through the ingest API breach the
// accuracy floor, the alert opens with its interval and sample, its `pause` rule stops the
// feature, an operator acknowledges it on /alerts, sees it on the feature page and its chart,
// and resumes the feature — a rule never does that by itself.

const KEY = `alerting-${Date.now().toString(36)}`;
const NAME = "Tax answers";

test("bad labels open an alert that pauses a high-stakes feature; an operator acknowledges it and resumes", async ({
  page,
  signInAs,
  api,
}, testInfo) => {
  test.setTimeout(120_000);
  // 1. A high-stakes feature from its template: the floor rule's action is "pause".
  await signInAs("admin");
  await createFeatureInForm(page, { key: KEY, name: NAME, owner: "tax-ai", stakes: "High", fallback: "A tax advisor answers." });
  await expect.poll(async () => (await api.evaluate(KEY, { targetingKey: "emp-1", segment: "internal" })).value).toBe(true);

  // 2. 80 confident answers from employees, every one labelled wrong.
  const events: unknown[] = [];
  for (let i = 0; i < 80; i++) {
    events.push({ type: "output", id: `${KEY}-${i}`, feature: KEY, confidence: 0.96, segment: "internal", unit: `emp-${i % 20}` });
    events.push({ type: "label", outputId: `${KEY}-${i}`, feature: KEY, correct: false, source: "human" });
  }
  await api.ingest(events);
  // The evaluator runs right after the batch; its pause rule stops the feature within seconds.
  await expect
    .poll(async () => (await api.evaluate(KEY, { targetingKey: "emp-1", segment: "internal" })).reason, { timeout: 20_000 })
    .toBe("DISABLED");

  // 3. The alerts page, as an operator: value with interval and sample, what the rule did.
  await page.context().clearCookies();
  await signInAs("operator");
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: /^Alerts/ })
    .click();
  await expect(page.getByRole("heading", { name: "Alerts", level: 1 })).toBeVisible();
  await page.getByLabel("Feature", { exact: true }).selectOption(KEY);
  await page.getByLabel("Status", { exact: true }).selectOption("open");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(new RegExp(`feature=${KEY}&status=open`));
  const floor = page.getByRole("row", { name: `Accuracy below 95 % on ${NAME}` });
  await expect(floor).toContainText("0.0 % (95 % interval 0.0 %–4.6 %, n = 80 labels)");
  await expect(floor).toContainText(/Accuracy \(sequential\) · phase \S+/);
  await expect(floor).toContainText("Open");
  await expect(floor).toContainText(/Opened [A-Z][a-z]{2} \d{1,2}, \d{4}, \d\d:\d\d/);
  await expect(floor).toContainText("Paused the feature automatically");
  await shot(page, testInfo, "1-alerts-open");

  await floor.getByRole("button", { name: "Acknowledge: Accuracy below 95 %" }).click();
  // The list refreshes in place: filtered to open alerts, it drops the acknowledged one…
  await expect(floor).toHaveCount(0);
  // …and with every status it shows who acknowledged it and when.
  await page.goto(`/alerts?feature=${KEY}`);
  const acked = page.getByRole("row", { name: `Accuracy below 95 % on ${NAME}` });
  await expect(acked).toContainText("Acknowledged");
  await expect(acked).toContainText(/Acknowledged [A-Z][a-z]{2} \d{1,2}, \d{4}, \d\d:\d\d \S+ by operator@example\.com/);
  await expect(acked.getByRole("button", { name: /Acknowledge/ })).toHaveCount(0);
  await shot(page, testInfo, "2-alerts-acknowledged");

  // 4. The feature page: the Alerts section, the alert period on the accuracy chart, the rule's pause.
  await page.goto(`/features/${KEY}`);
  const section = page.getByRole("region", { name: /^Alerts/ });
  await expect(section.getByRole("row", { name: `Accuracy below 95 % on ${NAME}` })).toContainText("Acknowledged");
  await expect(section.getByRole("link", { name: "All alerts of this feature →" })).toHaveAttribute("href", `/alerts?feature=${KEY}`);
  const chart = page.getByRole("region", { name: "Production accuracy" });
  await expect(chart.getByRole("list", { name: "Alert periods on the chart" })).toContainText(
    "A1 alert: Accuracy below 95 % (acknowledged, still open)",
  );
  await expect(page.getByText(/Reason: Rule "Accuracy below 95 %" breached/)).toBeVisible();
  await shot(page, testInfo, "3-feature-page-paused-by-rule");

  // 5. Resuming needs a person and a reason; the decision API follows.
  const control = page.getByRole("region", { name: "Pause control" });
  await control.getByRole("button", { name: "Resume" }).click();
  const resume = control.getByRole("form", { name: `Resume ${NAME}?` });
  await expect(resume).toContainText("Paused automatically by rule “Accuracy below 95 %”.");
  await expect(resume).toContainText("resuming is a person's decision");
  await resume.getByLabel("Reason").fill("e2e: labels were a test batch");
  await shot(page, testInfo, "4-resume-after-rule");
  await resume.getByRole("button", { name: "Resume feature" }).click();
  await expect(control.getByRole("status")).toHaveText("Resumed by operator@example.com: e2e: labels were a test batch");
  expect(await api.evaluate(KEY, { targetingKey: "emp-1", segment: "internal" })).toMatchObject({ value: true });
});

test("a viewer reads alerts but has no Acknowledge button", async ({ page, signInAs }) => {
  await signInAs("viewer");
  await page.goto("/alerts");
  await expect(page.getByRole("heading", { name: "Alerts", level: 1 })).toBeVisible();
  await expect(page.getByRole("button", { name: /Acknowledge/ })).toHaveCount(0);
});
