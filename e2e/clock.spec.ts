import type { Page } from "@playwright/test";
import { demoDay, JUDGE_DRIFT_DAYS } from "../lib/demo/stories";
import { weekStart } from "../lib/domain/review-range";
import { formatInstant } from "../lib/format/time";
import { demoNow, expect, test } from "./fixtures";

// One clock: in a browser set to Asia/Kolkata (UTC+5:30, so a UTC time cannot pass for it), the
// keys, review and alert pages show every moment in that zone, with the UTC time on hover.

const ZONE = "Asia/Kolkata";
test.use({ timezoneId: ZONE });

/** Every <time> in the page's main part: what it says and what it should say in ZONE. */
async function times(page: Page) {
  const rows = await page
    .locator("main time[datetime]")
    .evaluateAll((els) =>
      els.map((e) => ({ at: e.getAttribute("datetime")!, text: e.textContent!.trim(), title: e.getAttribute("title") ?? "" })),
    );
  return rows.map((r) => ({ ...r, expected: `${formatInstant(Date.parse(r.at), ZONE)} GMT+5:30` }));
}

async function expectLocalTimes(page: Page, path: string) {
  await page.goto(path);
  await expect(page.locator("main time[datetime]").first()).toContainText("GMT+5:30");
  const shown = await times(page);
  expect(shown.length, `${path}: moments shown`).toBeGreaterThan(0);
  for (const t of shown) {
    if (/^[A-Z][a-z]{2} \d{1,2}, \d{4}$/.test(t.text)) continue; // a calendar day (phase timeline)
    expect(t.text, path).toBe(t.expected);
    expect(t.title, path).toMatch(/ UTC$/);
  }
}

test("keys, review and alert pages show moments in the viewer's zone", async ({ page, signInAs }) => {
  test.setTimeout(90_000);
  await signInAs("admin");
  await expectLocalTimes(page, "/admin/keys");
  await expectLocalTimes(page, "/alerts");
  // the week the demo's judge drifted in has disagreements to list (on a Monday morning the current week has next to none)
  const driftWeek = weekStart(demoDay(demoNow()) - JUDGE_DRIFT_DAYS * 86_400_000);
  await expectLocalTimes(page, `/review/judge?feature=portfolio-advisor&week=${driftWeek}`);
  await expectLocalTimes(page, "/review?feature=portfolio-advisor");
  await expectLocalTimes(page, "/audit");

  // the audit filter is typed in the viewer's zone and filters in UTC (ICU may name the zone Asia/Calcutta)
  const from = page.getByLabel(/^From \(Asia\/(Kolkata|Calcutta)\)/);
  await expect(from).toBeVisible();
  await from.fill("2026-01-01T05:30");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/from=2026-01-01T00%3A00/);
  await expect(page.getByLabel(/^From \(Asia\/(Kolkata|Calcutta)\)/)).toHaveValue("2026-01-01T05:30");
});
