import { expect, test } from "./fixtures";

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
  const weeks = page.getByRole("table", { name: "Agreement per week" }).getByRole("row");
  // header + 12 weeks; the demo's 30 days cover the last 5
  await expect(weeks).toHaveCount(13);
  const kappas = (await page.getByTestId("kappa").allInnerTexts()).filter((t) => t !== "—").map((t) => Number(t.split(" ")[0]));
  expect(kappas.length).toBeGreaterThanOrEqual(4);
  // the current week (with the judge's drift) agrees less than the calm weeks before it
  expect(kappas.at(-1)!).toBeLessThan(Math.min(...kappas.slice(1, -2)));
  await expect(page.getByRole("table", { name: "Confusion table" })).toContainText("Human: correct");
  await expect(page.getByRole("list", { name: "Disagreements" }).getByRole("listitem").first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("judge-page.png"), fullPage: true });
});
