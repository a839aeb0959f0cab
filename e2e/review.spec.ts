import { expect, test } from "./fixtures";

// The weekly review and the human review queue, as an operator (reviewers are operators), on
// the demo data: portfolio-advisor's market shock 9 days ago gives a week of confidently wrong advice.

const DAY_MS = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const shockDay = Math.floor((Date.now() - 9 * DAY_MS) / DAY_MS) * DAY_MS;

test("a reviewer tags the shock week's worst outputs, and the tags survive a reload", async ({ page, signInAs }, testInfo) => {
  await signInAs("operator");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Review" }).click();
  await expect(page.getByRole("heading", { name: "Weekly review" })).toBeVisible();

  // Pick the feature and the week around the shock with the form.
  await page.getByLabel("Feature").selectOption({ label: "Portfolio advisor" });
  await page.getByLabel("From (UTC day)").fill(day(shockDay - 3 * DAY_MS));
  await page.getByLabel("To (UTC day, included)").fill(day(shockDay + 3 * DAY_MS));
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/feature=portfolio-advisor/);

  const items = page.getByTestId("review-item");
  await expect(items).toHaveCount(20);
  await expect(page.getByTestId("review-progress")).toHaveText("0 / 20 reviewed");
  // Confidently wrong first: the top items are labelled incorrect at high confidence.
  for (let i = 0; i < 3; i++) {
    const item = items.nth(i);
    await expect(item.getByRole("list", { name: "Badness factors" })).toContainText("Confidently wrong");
    await expect(item.getByRole("region", { name: "Labels" })).toContainText("✗ incorrect");
  }
  // The worst sit in the shock (one or two may come from other days' critical tickets).
  const topDays = await items.evaluateAll((els) => els.slice(0, 5).map((e) => e.textContent ?? ""));
  expect(topDays.filter((t) => t.includes(day(shockDay))).length).toBeGreaterThanOrEqual(3);
  await expect(page.getByText("How the list is ranked")).toBeVisible();
  await testInfo.attach("review-list", { body: await page.screenshot(), contentType: "image/png" });
  await page.screenshot({ path: testInfo.outputPath("review-list.png") });

  const tags = ["market volatility", "market volatility", "hallucinated number"];
  for (const [i, tag] of tags.entries()) {
    const form = items.nth(i).getByRole("form");
    await form.getByLabel("Failure pattern tags").fill(tag);
    await form.getByLabel("Failure pattern tags").press("Enter");
    await expect(form.getByRole("list", { name: "Tags" })).toContainText(tag);
    if (i === 0) await form.getByLabel("Note").fill("Sell-off ignored <script>alert(1)</script>");
    await form.getByLabel("Reviewed").check();
    await form.getByRole("button", { name: "Save" }).click();
    await expect(form.getByRole("status")).toHaveText("Saved and marked reviewed.");
  }
  await expect(page.getByTestId("review-progress")).toHaveText("3 / 20 reviewed");
  await items.nth(3).scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath("review-tagged.png") });

  await page.reload();
  await expect(page.getByTestId("review-progress")).toHaveText("3 / 20 reviewed");
  for (const [i, tag] of tags.entries()) {
    await expect(items.nth(i).getByRole("list", { name: "Tags" })).toContainText(tag);
    await expect(items.nth(i).getByText("✓ Reviewed")).toBeVisible();
  }
  await expect(items.first().getByLabel("Note")).toHaveValue("Sell-off ignored <script>alert(1)</script>");
  await expect(page.locator("#review-tag-suggestions option[value='market volatility']")).toHaveCount(1);

  // The export carries tags and notes.
  const csvHref = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
  const csv = await page.request.get(csvHref!);
  expect(csv.status()).toBe(200);
  const text = await csv.text();
  expect(text).toContain("market volatility");
  expect(text).toContain("Sell-off ignored <script>alert(1)</script>");

  // Patterns: the tag counts per week, each tag linking to its outputs.
  await page.getByRole("navigation", { name: "Review" }).getByRole("link", { name: "Patterns" }).click();
  await expect(page.getByRole("heading", { name: "Failure patterns" })).toBeVisible();
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: "market volatility" }) });
  await expect(row.getByRole("cell").first()).toHaveText("2");
  await row.getByRole("link", { name: "market volatility" }).click();
  await expect(page.getByRole("heading", { name: /Outputs tagged “market volatility” \(2\)/ })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("review-patterns.png"), fullPage: true });
});

test("a reviewer works through the human review queue with the keyboard", async ({ page, signInAs }, testInfo) => {
  await signInAs("operator");
  await page.goto("/review/queue?feature=portfolio-advisor");
  await expect(page.getByRole("heading", { name: "Human review queue" })).toBeVisible();
  const waiting = page.getByLabel("Queue figures").getByText("Waiting", { exact: true }).locator("xpath=following-sibling::dd");
  const depthBefore = Number((await waiting.innerText()).replace(/\D/g, ""));
  expect(depthBefore).toBeGreaterThan(3);

  const item = page.getByTestId("queue-item");
  await expect(item).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("queue.png") });
  const idOf = async () => (await item.getByRole("heading").locator("span").innerText()).trim();
  const status = page.getByRole("status").first();

  const first = await idOf();
  await page.keyboard.press("c");
  await expect(status).toContainText(`${first} marked correct.`);
  await expect.poll(idOf).not.toBe(first);

  const second = await idOf();
  await page.keyboard.press("i");
  await expect(status).toContainText(`${second} marked incorrect.`);
  await expect.poll(idOf).not.toBe(second);

  const third = await idOf();
  await page.keyboard.press("s");
  await expect(status).toContainText(`${third} skipped.`);
  await expect.poll(idOf).not.toBe(third);
  await expect(status).toContainText("2 verdicts in this session.");
  const fourth = await idOf();

  // A reload resumes the held item; the two verdicts left the queue, the skip did not.
  await page.reload();
  await expect(item).toBeVisible();
  expect(await idOf()).toBe(fourth);
  await expect.poll(async () => Number((await waiting.innerText()).replace(/\D/g, ""))).toBe(depthBefore - 2);
  await page.screenshot({ path: testInfo.outputPath("queue-after.png") });
});
