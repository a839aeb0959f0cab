import { mkdirSync } from "node:fs";
import { expect, test } from "./fixtures";

// An editor that cannot lie: the draft's text follows the fields as they are typed, a thumbs-down
// rule's backtest draws the thumbs-down share under its ceiling (not accuracy), and once backtested
// the chart follows a changed level by itself.

const SHOTS = ".tmp/shots";
test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

test("the draft's text and backtest chart follow the metric and the level", async ({ page, signInAs }) => {
  test.setTimeout(120_000);
  await signInAs("admin");
  await page.goto("/features/portfolio-advisor/rules?new=1");
  const what = page.getByRole("form", { name: "What the new rule watches" });
  await what.getByLabel("Watches").selectOption("window:thumbs_down_ceiling");
  await what.getByLabel("Name").fill("Thumbs ceiling draft");
  const editor = page.getByRole("region", { name: "Draft: Thumbs ceiling draft" });
  const settings = page.getByRole("form", { name: "Settings of Thumbs ceiling draft" });
  await settings.getByLabel("Thumbs-down ceiling (%)").fill("8");
  await expect(editor).toContainText("Fires when thumbs down > 8 %");
  await settings.getByLabel("Window (minutes)").fill("120");
  await expect(editor).toContainText("over 120 min");

  await settings.getByRole("button", { name: "Backtest on the last 30 days" }).click();
  await expect(page.getByText("Would have fired — last 30 days")).toBeVisible({ timeout: 30_000 });
  await expect(editor).toContainText("Thumbs-down share per hour");
  await expect(editor).toContainText("ceiling 8 %");
  await expect(editor).not.toContainText("Accuracy per hour");

  // a new level re-runs the backtest by itself
  await settings.getByLabel("Thumbs-down ceiling (%)").fill("6");
  await expect(editor).toContainText("Fires when thumbs down > 6 %");
  await expect(editor).toContainText("ceiling 6 %", { timeout: 30_000 });
  await page.screenshot({ path: `${SHOTS}/rule-editor-thumbs.png`, fullPage: true });

  // another metric: an accuracy floor draws accuracy under its floor
  await what.getByLabel("Watches").selectOption("window:accuracy_floor");
  await what.getByLabel("Name").fill("Floor draft");
  const floor = page.getByRole("form", { name: "Settings of Floor draft" });
  await floor.getByLabel("Accuracy floor (%)").fill("93");
  const floorEditor = page.getByRole("region", { name: "Draft: Floor draft" });
  await expect(floorEditor).toContainText("Fires when accuracy < 93 %");
  await floor.getByRole("button", { name: "Backtest on the last 30 days" }).click();
  await expect(floorEditor).toContainText("Accuracy per hour", { timeout: 30_000 });
  await expect(floorEditor).toContainText("floor 93 %");
});

test("the segment picker offers the feature's segments; a new one only on purpose, with a warning", async ({ page, signInAs }) => {
  await signInAs("admin");
  await page.goto("/features/portfolio-advisor/rules?new=1");
  const what = page.getByRole("form", { name: "What the new rule watches" });
  const segment = what.getByLabel("Segment", { exact: true });
  const options = await segment.locator("option").allTextContents();
  expect(options[0]).toBe("All segments");
  expect(options.at(-1)).toBe("Another segment…");
  expect(options.some((o) => o.includes("beta-power-users"))).toBe(true);
  expect(
    options.some((o) => o.includes("enterprise")),
    "another feature's segment is not offered",
  ).toBe(false);
  await expect(what.getByRole("note")).toHaveCount(0);
  await segment.selectOption({ label: "Another segment…" });
  await what.getByLabel("New segment key").fill("enterprize");
  await expect(what.getByRole("note")).toContainText("No output of this feature came from “enterprize”");
  await expect(what.getByRole("note")).toContainText("check the spelling");
  await page.screenshot({ path: `${SHOTS}/rule-editor-segment.png`, fullPage: true });
});
