import { expect, test } from "./fixtures";

// An open page keeps following the kill switch after the state stream refused it: a 400 (a
// Last-Event-ID beyond the newest change, after a database restore) or a 503 (the database away)
// closes a browser's EventSource for good; the page opens a new one after a short delay and
// re-reads its state, so a pause made meanwhile still shows without a reload.

const FEATURE = "code-assist";
const REASON = `e2e: heard after the stream came back ${Date.now().toString(36)}`;

test("a page whose live stream was refused (400, then 503) still shows a pause without a reload", async ({ page, signInAs, api }) => {
  test.setTimeout(90_000);
  await api.ensureRunning(FEATURE);
  await signInAs("operator");
  let refused = 0;
  await page.route("**/api/v1/stream", async (route) => {
    if (refused >= 2) return route.continue();
    const status = refused++ === 0 ? 400 : 503;
    await route.fulfill({
      status,
      contentType: "application/json",
      body: JSON.stringify({ error: { code: status === 400 ? "invalid_last_event_id" : "database_unavailable", message: "e2e" } }),
    });
  });
  await page.goto(`/features/${FEATURE}`);
  await expect(page.getByRole("main").locator("header").first()).toContainText("Running");
  await page.evaluate(() => ((window as unknown as { e2eNoReload: boolean }).e2eNoReload = true));
  await expect.poll(() => refused, { timeout: 15_000 }).toBe(2);

  const res = await api.request.post(`/api/v1/features/${FEATURE}/pause`, {
    headers: { authorization: `Bearer ${api.key}` },
    data: { reason: REASON },
  });
  try {
    expect(res.status(), await res.text()).toBe(200);
    // the third stream (1 s + 2 s later) is the real one: the page re-reads its state when it opens
    await expect(page.getByText(`Reason: ${REASON}`)).toBeVisible({ timeout: 15_000 });
    expect(await page.evaluate(() => (window as unknown as { e2eNoReload?: boolean }).e2eNoReload)).toBe(true);
  } finally {
    await api.ensureRunning(FEATURE);
  }
  // and it keeps following: the resume shows too
  await expect(page.getByRole("main").locator("header").first()).toContainText("Running", { timeout: 10_000 });
});
