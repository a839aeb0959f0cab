import { demoDay, JUDGE_DRIFT_DAYS } from "../lib/demo/stories";
import { weekStart, WEEK_MS } from "../lib/domain/review-range";
import { demoNow, expect, test } from "./fixtures";

const DAY_MS = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

// Judge agreement on the demo data: the portfolio advisor's LLM judge agreed with the reviewers
// ~95 % of the time until its prompt changed three days ago (~70 % since). The demo watches it
// with a judge-agreement rule: the drop opens an alert, and the judge page shows the weeks, the
// table and the disagreements.

test("a judge-agreement drop in the demo opens an alert; the judge page shows κ per week and the disagreements", async ({
  page,
  signInAs,
}, testInfo) => {
  await signInAs("operator");
  await page.goto("/alerts?feature=portfolio-advisor");
  const row = page.getByRole("row", { name: /^Judge agreement dropped 5 points vs the week before on Portfolio advisor/ });
  await expect(row).toBeVisible();
  await expect(row).toContainText("Open");
  await expect(row).toContainText("Judge agreement drop vs. baseline");
  await expect(row).toContainText(/n = [\d,]+ outputs labelled by both/);
  await page.screenshot({ path: testInfo.outputPath("judge-alert.png"), fullPage: true });

  await page.goto("/review/queue?feature=portfolio-advisor");
  await page.getByRole("navigation", { name: "Review" }).getByRole("link", { name: "Judge agreement" }).click();
  await expect(page.getByRole("heading", { name: "Judge agreement" })).toBeVisible();
  const table = page.getByRole("table", { name: "Agreement per week" });
  const weeks = table.getByRole("row");
  // header + 12 weeks; the demo's 30 days cover the last 5
  await expect(weeks).toHaveCount(13);
  const kappas = (await page.getByTestId("kappa").allInnerTexts()).filter((t) => t !== "—").map((t) => Number(t.split(" ")[0]));
  expect(kappas.length).toBeGreaterThanOrEqual(4);
  // The weeks the judge's drift falls in agree less than the whole weeks before it. Which weeks those
  // are depends on the weekday the demo was seeded on (UTC weeks start on Monday; the drift starts at
  // midnight UTC three days before the demo's day), and on a Monday morning the current week holds a
  // few pairs at most: so the weeks are placed from the demo's instant, not read off the table's end.
  const driftStart = demoDay(demoNow()) - JUDGE_DRIFT_DAYS * DAY_MS;
  const rows = await table
    .locator("tbody tr")
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent?.trim() ?? "")));
  const kappaOf = new Map<number, number>();
  for (const [week, , , kappa] of rows) if (kappa !== "—") kappaOf.set(Date.parse(`${week}T00:00:00Z`), Number(kappa.split(" ")[0]));
  const withPairs = [...kappaOf.keys()].sort((a, b) => a - b);
  // the first week with pairs is where the history starts, part of a week: not a whole calm week
  const calm = withPairs.filter((w) => w > withPairs[0] && w + WEEK_MS <= driftStart).map((w) => kappaOf.get(w)!);
  const drifted = withPairs.filter((w) => w >= weekStart(driftStart)).map((w) => kappaOf.get(w)!);
  expect(calm.length).toBeGreaterThanOrEqual(2);
  expect(drifted.length).toBeGreaterThanOrEqual(1);
  expect(Math.min(...drifted)).toBeLessThan(Math.min(...calm));
  // the week the drift started in: the humans × judge table and the outputs they disagree on
  await table.getByRole("link", { name: day(weekStart(driftStart)), exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`week=${weekStart(driftStart)}`));
  await expect(page.getByRole("heading", { name: new RegExp(`^Humans × judge, UTC week of ${day(weekStart(driftStart))}`) })).toBeVisible();
  await expect(page.getByRole("table", { name: "Confusion table" })).toContainText("Human: correct");
  await expect(page.getByRole("list", { name: "Disagreements" }).getByRole("listitem").first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("judge-page.png"), fullPage: true });
});
