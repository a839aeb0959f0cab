import { mkdirSync } from "node:fs";
import { expect, test, createFeatureInForm } from "./fixtures";

// Rules in the UI: an admin creates a rule scoped to a phase and a segment (backtesting the draft
// first), disables it and deletes it after a confirm step; the built-in rule cannot be deleted; a
// viewer sees the rules and no controls.

const KEY = `rules-${Date.now().toString(36)}`;
const SHOTS = ".tmp/shots";
const RULE = "Beta internal accuracy floor";

test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

test("an admin creates a scoped rule, disables it and deletes it; deleting resolves its open alert", async ({ page, signInAs, api }) => {
  test.setTimeout(120_000);
  await signInAs("admin");
  await createFeatureInForm(page, { key: KEY, name: "Rules journey", owner: "e2e", stakes: "Medium", fallback: "A person answers." });
  await page.goto(`/features/${KEY}/rules`);

  // the built-in rule may be disabled, never deleted
  const builtIn = page.getByRole("row").filter({ hasText: "AI answers shown while paused" });
  await expect(builtIn.getByRole("button", { name: "Disable AI answers shown while paused" })).toBeVisible();
  await expect(builtIn.getByRole("button", { name: /^Delete/ })).toHaveCount(0);
  await expect(builtIn).toContainText("can be disabled, not deleted");

  await page.getByRole("link", { name: "New rule" }).click();
  const what = page.getByRole("form", { name: "What the new rule watches" });
  await what.getByLabel("Watches").selectOption("window:accuracy_floor");
  await what.getByLabel("Phase").selectOption("beta");
  // segments come from the feature's own: its plan's (no data yet on a new feature); another one only on purpose
  const segment = what.getByLabel("Segment", { exact: true });
  await expect(segment.getByRole("option", { name: /beta-power-users.*no data yet/ })).toHaveCount(1);
  await segment.selectOption({ label: "Another segment…" });
  await what.getByLabel("New segment key").fill("internal");
  await expect(what.getByRole("note")).toContainText("No output of this feature came from “internal” in the last 30 days");
  await what.getByLabel("Name").fill(RULE);
  const settings = page.getByRole("form", { name: `Settings of ${RULE}` });
  await settings.getByLabel("Accuracy floor (%)").fill("92");
  await settings.getByLabel("Minimum sample").fill("20");
  await settings.getByLabel("Action").selectOption("pause");
  await settings.getByRole("button", { name: "Backtest on the last 30 days" }).click();
  await expect(page.getByText("Would have fired — last 30 days")).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/rules-new-draft.png`, fullPage: true });
  await settings.getByRole("button", { name: "Create rule" }).click();

  await expect(page.getByRole("status").filter({ hasText: `Rule “${RULE}” created and enabled` })).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: RULE });
  await expect(row).toContainText("accuracy < 92 %");
  await expect(row).toContainText("phase Beta, segment internal");
  await expect(row).toContainText("pause");
  await expect(row).toContainText("enabled");

  await row.getByRole("button", { name: `Disable ${RULE}` }).click();
  await expect(row.getByRole("button", { name: `Enable ${RULE}` })).toBeVisible();
  await expect(row).toContainText("disabled");
  await expect(page.getByText("Disabled: the live evaluator skips it")).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/rules-admin.png`, fullPage: true });

  // enabled again, it breaches: 30 wrong answers in its phase and segment open an alert
  await row.getByRole("button", { name: `Enable ${RULE}` }).click();
  await expect(row.getByRole("button", { name: `Disable ${RULE}` })).toBeVisible();
  const events: unknown[] = [];
  for (let i = 0; i < 30; i++) {
    events.push({ type: "output", id: `${KEY}-${i}`, feature: KEY, confidence: 0.9, segment: "internal", unit: `emp-${i}` });
    events.push({ type: "label", outputId: `${KEY}-${i}`, feature: KEY, correct: false, source: "human" });
  }
  await api.ingest(events);
  await expect(row).toContainText("1 open alert", { timeout: 20_000 }); // the page follows the alert live

  await row.getByRole("button", { name: `Delete ${RULE}` }).click();
  const confirm = page.getByRole("alertdialog", { name: `Delete “${RULE}”?` });
  await expect(confirm).toContainText("Its 1 open alert will be resolved");
  await expect(confirm).toContainText("Past alerts and incidents stay in the history");
  await page.screenshot({ path: `${SHOTS}/rules-delete-confirm.png`, fullPage: true });
  await confirm.getByRole("button", { name: "Delete rule" }).click();
  await expect(page.getByRole("row").filter({ hasText: RULE })).toHaveCount(0);
  await expect(page).toHaveURL(new RegExp(`/features/${KEY}/rules$`));
  await expect(page.getByText("created and enabled")).toHaveCount(0);

  // its alert is resolved and stays in the history under the rule's name
  await page.goto(`/alerts?feature=${KEY}`);
  await expect(page.getByRole("row", { name: `${RULE} on Rules journey` })).toContainText("Resolved");

  // the audit log names the admin for each change
  await page.goto("/audit");
  for (const action of ["rule.create", "rule.disable", "rule.delete"])
    await expect(page.getByRole("row").filter({ hasText: action }).filter({ hasText: RULE }).first()).toBeVisible();
});

test("a viewer sees the rules but no controls", async ({ page, signInAs }) => {
  await signInAs("viewer");
  await page.goto("/features/portfolio-advisor/rules");
  await expect(page.getByRole("table", { name: /Alert rules of/ })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "AI answers shown while paused" })).toBeVisible();
  await expect(page.getByRole("link", { name: "New rule" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^(Disable|Enable|Delete) / })).toHaveCount(0);
  await expect(page.getByRole("columnheader", { name: "Manage" })).toHaveCount(0);
  await expect(page.getByText("Only admins can save changes")).toBeVisible();
  // the new-rule form is not rendered for a viewer, even by its URL
  await page.goto("/features/portfolio-advisor/rules?new=1");
  await expect(page.getByRole("form", { name: "What the new rule watches" })).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/rules-viewer.png`, fullPage: true });
});

test("the rules page with the new-rule form fits a 390 px phone", async ({ page, signInAs }) => {
  await signInAs("admin");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/features/portfolio-advisor/rules?new=1");
  await expect(page.getByRole("form", { name: "What the new rule watches" })).toBeVisible();
  const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(scroll).toBeLessThanOrEqual(inner);
  await page.screenshot({ path: `${SHOTS}/rules-new-phone.png`, fullPage: true });
});
