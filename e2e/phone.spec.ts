import { mkdirSync } from "node:fs";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

// A phone you can act from (390 × 900): no page scrolls sideways, no table is wider than the
// screen, the alerts' Acknowledge buttons are on screen, the navigation is one line, and the
// judge page's disagreements come a page at a time. Screenshots land in .tmp/shots for review.

const SHOTS = ".tmp/shots";
test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));
test.use({ viewport: { width: 390, height: 900 } });

/** Widths that spill past the viewport: the page's own and every table's right edge. */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const tables = [...document.querySelectorAll("table")]
      .filter((t) => t.getClientRects().length > 0)
      .map((t) => ({ label: t.getAttribute("aria-label") ?? t.caption?.textContent ?? "", right: t.getBoundingClientRect().right }))
      .filter((t) => t.right > vw + 1);
    return { vw, scroll: document.documentElement.scrollWidth, tables };
  });
}

async function noSidewaysScroll(page: Page, path: string, name: string) {
  await page.goto(path);
  await page.waitForLoadState("networkidle");
  const o = await overflow(page);
  await page.screenshot({ path: `${SHOTS}/phone-${name}.png`, fullPage: true });
  expect(o.tables, `${path}: tables wider than the viewport`).toEqual([]);
  expect(o.scroll, `${path}: page scrolls sideways`).toBeLessThanOrEqual(o.vw);
}

test("an operator acts from a phone: alerts as cards with Acknowledge on screen, one-line navigation", async ({ page, signInAs, api }) => {
  test.setTimeout(120_000);
  // an open alert of our own, so Acknowledge is there whatever the demo shows
  const key = "code-assist";
  await api.ensureRunning(key);
  await signInAs("operator");

  const nav = page.getByRole("navigation", { name: "Main" });
  expect((await nav.boundingBox())!.height, "the navigation stays one line").toBeLessThan(60);
  await nav.getByRole("button", { name: "Menu" }).click();
  await expect(nav.getByRole("link", { name: "Segments" })).toBeVisible();
  await nav.getByRole("link", { name: "Segments" }).click();
  await expect(nav.getByRole("link", { name: "Segments" })).toBeHidden();

  for (const [path, name] of [
    ["/", "overview"],
    ["/alerts", "alerts"],
    ["/features/portfolio-advisor", "feature"],
    ["/features/portfolio-advisor/rules", "rules"],
    ["/features/portfolio-advisor/plan", "plan"],
    ["/segments", "segments"],
    ["/review", "review-worst"],
    ["/review/queue", "review-queue"],
    ["/review/patterns", "review-patterns"],
    ["/review/digest", "review-digest"],
    ["/review/judge", "review-judge"],
  ] as const)
    await noSidewaysScroll(page, path, name);

  // the alerts page: every Acknowledge button lies inside the screen
  await page.goto("/alerts?status=open");
  const buttons = page.getByRole("button", { name: /^Acknowledge/ });
  const n = await buttons.count();
  for (let i = 0; i < Math.min(n, 5); i++) {
    await buttons.nth(i).scrollIntoViewIfNeeded();
    const box = (await buttons.nth(i).boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
  }

  // the feature page: state, pause and alerts first; the rest folded behind its title
  await page.goto("/features/portfolio-advisor");
  await expect(page.getByRole("heading", { name: /^Alerts/ })).toBeVisible();
  const charts = page.locator("summary", { hasText: "Charts" });
  await expect(charts).toBeVisible();
  await expect(page.locator("details:has(> summary:has-text('Charts'))")).not.toHaveAttribute("open");
  await charts.click();
  await expect(page.locator("details:has(> summary:has-text('Charts'))")).toHaveAttribute("open");
  await page.screenshot({ path: `${SHOTS}/phone-feature-charts-open.png`, fullPage: false });

  // the judge page: disagreements ten at a time
  await page.goto("/review/judge");
  const list = page.getByRole("list", { name: "Disagreements" });
  if (await list.count()) {
    expect(await list.getByRole("listitem").count()).toBeLessThanOrEqual(10);
    const pager = page.getByRole("navigation", { name: "Disagreements pages" });
    if (await pager.count()) {
      await expect(pager).toContainText(/Disagreements 1–10 of \d+/);
      await pager.getByRole("button", { name: "Next →" }).click();
      await expect(pager).toContainText(/Disagreements 11–/);
    }
  }
});

test("an admin's pages fit a phone", async ({ page, signInAs }) => {
  await signInAs("admin");
  for (const [path, name] of [
    ["/audit", "audit"],
    ["/admin/keys", "keys"],
    ["/admin/users", "users"],
    ["/admin/channels", "channels"],
  ] as const)
    await noSidewaysScroll(page, path, name);
});
