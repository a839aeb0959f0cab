import { marketShockWindow } from "../lib/demo/stories";
import { demoNow, expect, test } from "./fixtures";

// The weekly review and the human review queue, as an operator (reviewers are operators), on
// the demo data: portfolio-advisor's market shock 9 days ago gives a week of confidently wrong advice.

const DAY_MS = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

test("six duplicates of one failure are one card with count 6", async ({ page, signInAs, api }) => {
  const now = Date.now();
  const run = `dup${now}`;
  const outputs = Array.from({ length: 6 }, (_, i) => ({
    type: "output",
    feature: "code-assist",
    id: `${run}-${i}`,
    confidence: 0.995,
    timestamp: now - (i + 1) * 60_000,
    segment: i < 4 ? "enterprise" : "default",
    unit: `dev-e2e-${i % 5}`,
    inputType: "sql",
    input: "Write sql code to list customers without orders.",
    output: `SELECT c.id FROM customers c, orders o WHERE c.id <> o.customer_id; -- run ${run}`,
  }));
  // confidently wrong, a thumbs down with a comment and a critical ticket each: among the week's worst
  const signals = outputs.flatMap((o) => [
    { type: "label", feature: "code-assist", outputId: o.id, correct: false, source: "human" },
    { type: "feedback", feature: "code-assist", outputId: o.id, value: "down", comment: "returns every customer" },
    {
      type: "ticket",
      feature: "code-assist",
      id: `t-${o.id}`,
      outputId: o.id,
      severity: "critical",
      subject: "Report lists all customers",
    },
  ]);
  await api.ingest([...outputs.map((o) => ({ ...o, confidence: 0.999 })), ...signals]);

  await signInAs("operator");
  await page.goto("/review?feature=code-assist");
  const card = page.getByTestId("review-item").filter({ hasText: run });
  await expect(card).toHaveCount(1);
  await expect(card.getByTestId("group-count")).toHaveText("×6");
  await card.getByRole("button").click();
  await expect(page.getByTestId("detail-count")).toHaveText("6 outputs");
  await expect(page.getByRole("region", { name: "Group" })).toContainText("reaching 5 units");
  await expect(page.getByRole("region", { name: "Group" })).toContainText("enterprise (4), default (2)");
});

test("a reviewer tags three failures at once, moves with j/k and tags with a key; tags survive a reload", async ({
  page,
  signInAs,
}, testInfo) => {
  await signInAs("operator");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Review" }).click();
  await expect(page.getByRole("heading", { name: "Weekly review" })).toBeVisible();

  // Pick the feature and the week around the shock with the form (placed from the instant the demo
  // was seeded at, not this clock: the shock is on a weekday, 8 to 10 days before that day).
  const shockDay = Math.floor(marketShockWindow(demoNow()).from / DAY_MS) * DAY_MS;
  await page.getByLabel("Feature").selectOption({ label: "Portfolio advisor" });
  await page.getByLabel("From (UTC day)").fill(day(shockDay - 3 * DAY_MS));
  await page.getByLabel("To (UTC day, included)").fill(day(shockDay + 3 * DAY_MS));
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/feature=portfolio-advisor/);

  const rows = page.getByTestId("review-item");
  await expect(rows.first()).toBeVisible();
  const count = await rows.count();
  expect(count).toBeGreaterThan(5);
  // Confidently wrong first, and the shock's repeated advice is grouped.
  await expect(page.getByTestId("review-detail").getByRole("list", { name: "Badness factors" })).toContainText("Confidently wrong");
  const counts = await page.getByTestId("group-count").allInnerTexts();
  expect(counts.length).toBeGreaterThan(0);
  await expect(page.getByText("How the list is ranked")).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("review-list.png") });

  // j / k move the current row.
  await expect(rows.nth(0)).toHaveAttribute("aria-current", "true");
  await page.keyboard.press("j");
  await page.keyboard.press("j");
  await expect(rows.nth(2)).toHaveAttribute("aria-current", "true");
  await page.keyboard.press("k");
  await expect(rows.nth(1)).toHaveAttribute("aria-current", "true");

  // Select three rows (x, and two checkboxes) and tag them at once: it saves as it is added.
  await page.keyboard.press("x");
  await rows.nth(3).getByRole("checkbox").check();
  await rows.nth(4).getByRole("checkbox").check();
  await expect(page.getByTestId("tag-target")).toContainText("3 selected");
  await page.keyboard.press("t");
  await expect(page.getByLabel("Tag selected groups")).toBeFocused();
  await page.keyboard.type("ignores market move");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("review-status")).toContainText("Saved. Selection cleared.");
  // the bulk change is done with its selection: the next key acts on the focused row again
  await expect(page.getByTestId("tag-target")).toHaveText(/^#\d+ \(\d+ outputs?\)$/);
  await expect(page.getByRole("button", { name: "Clear selection" })).toHaveCount(0);
  await page.getByLabel("Tag this group").press("Escape");

  // A key tags the current row: j to row 6, then 2 = the second suggested tag.
  const suggested = page.getByRole("list", { name: "Suggested tags" }).getByRole("button");
  await expect(suggested.first()).toContainText("ignores market move"); // the team's own tags come first
  const second = (await suggested.nth(1).innerText()).replace(/^2\s*/, "");
  for (let i = 0; i < 5; i++) await page.keyboard.press("j");
  await expect(rows.nth(6)).toHaveAttribute("aria-current", "true");
  await page.keyboard.press("2");
  await expect(page.getByTestId("review-status")).toContainText("Saved.");
  await page.keyboard.press("r");
  await expect(page.getByTestId("review-status")).toContainText("marked reviewed");

  await page.reload();
  for (const i of [1, 3, 4]) await expect(rows.nth(i).getByTestId("row-tags")).toContainText("ignores market move");
  await expect(rows.nth(0).getByTestId("row-tags")).toHaveCount(0);
  await expect(rows.nth(6).getByTestId("row-tags")).toContainText(second);
  await expect(page.getByTestId("review-progress")).toHaveText(`1 / ${count} reviewed`);
  await page.screenshot({ path: testInfo.outputPath("review-tagged.png") });

  // The export carries the tags, one row per group.
  const csvHref = await page.getByRole("link", { name: "Export CSV (groups)" }).getAttribute("href");
  const csv = await page.request.get(csvHref!);
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain("ignores market move");

  // Patterns: the tag counts per week, each tag linking to its outputs.
  await page.getByRole("navigation", { name: "Review" }).getByRole("link", { name: "Patterns" }).click();
  await expect(page.getByRole("heading", { name: "Failure patterns" })).toBeVisible();
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: "ignores market move" }) });
  await expect(row).toBeVisible();
  await row.getByRole("link", { name: "ignores market move" }).click();
  await expect(page.getByRole("heading", { name: /Outputs tagged “ignores market move”/ })).toBeVisible();
});

const minute = () => Math.floor(Date.now() / 60_000);
const counts = (figure: string) => {
  const m = figure.match(/\(([\d,]+) \/ ([\d,]+)\)/);
  return m ? { correct: Number(m[1].replace(/,/g, "")), labelled: Number(m[2].replace(/,/g, "")) } : null;
};

/**
 * Whether the queue's "Accuracy, last 7 days" figure is back to `before` ("97.1 % (1,234 / 1,271)"),
 * read at or after `sinceMinute`. The figure's window ends now and starts 7 days back to the minute:
 * when a minute starts, that minute's labels 7 days ago leave it (the demo labels about two outputs a
 * minute in the daytime). Within the minute it was read in, the figure must be the same text; once a
 * minute has started, the labels that left may be missing, and nothing may be added.
 */
function restored(before: string, now: string, sinceMinute: number): boolean {
  if (now === before) return true;
  if (minute() === sinceMinute) return false;
  const [b, n] = [counts(before), counts(now)];
  if (!b || !n) return false;
  const left = b.labelled - n.labelled;
  return left >= 0 && left <= 60 && n.correct <= b.correct && b.correct - n.correct <= left;
}

test("a reviewer works through the human review queue with the keyboard, and undoes a verdict", async ({ page, signInAs }, testInfo) => {
  await signInAs("operator");
  await page.goto("/review/queue?feature=portfolio-advisor");
  await expect(page.getByRole("heading", { name: "Human review queue" })).toBeVisible();
  const figure = (name: string) => page.getByLabel("Queue figures").getByText(name, { exact: true }).locator("xpath=following-sibling::dd");
  const number = async (name: string) => Number((await figure(name).innerText()).replace(/\D/g, ""));
  const depthBefore = await number("Waiting");
  expect(depthBefore).toBeGreaterThan(3);
  // the segment filter lists this feature's segments, not every feature's
  const segmentOptions = await page
    .getByRole("form", { name: "Queue order and filters" })
    .getByLabel("Segment")
    .locator("option")
    .allInnerTexts();
  expect(segmentOptions).toEqual(expect.arrayContaining(["internal", "beta-power-users"]));
  for (const other of ["enterprise", "smb"]) expect(segmentOptions).not.toContain(other);

  // What matters now: the first item is from the current phase (Beta) and the last 24 hours, and says why it is here.
  const item = page.getByTestId("queue-item");
  await expect(item).toBeVisible();
  await expect(item.getByTestId("queue-phase")).toHaveText("beta");
  expect(Date.now() - Number(await item.getAttribute("data-at"))).toBeLessThan(24 * 3_600_000);
  await expect(item.getByRole("region", { name: "Why it is here" })).toContainText(/Sampled|Flagged by the product/);
  await expect.poll(() => number("Being reviewed now")).toBeGreaterThanOrEqual(1);
  await page.screenshot({ path: testInfo.outputPath("queue.png") });
  const idOf = async () => (await item.getByRole("heading").locator("span").innerText()).trim();
  const status = page.getByRole("status").first();
  // "Done today" counts from 00:00 UTC: a run that crosses midnight starts again from zero
  const utcDay = () => Math.floor(Date.now() / 86_400_000);
  const dayBefore = utcDay();
  const doneBefore = await number("Done today");

  const first = await idOf();
  await page.keyboard.press("c");
  await expect(status).toContainText(`${first} marked correct.`);
  await expect.poll(idOf).not.toBe(first);
  await expect
    .poll(
      async () => {
        const done = await number("Done today");
        return done === doneBefore + 1 || (utcDay() !== dayBefore && done <= 1);
      },
      { message: `"Done today" is ${doneBefore} + 1 (or 0–1 after midnight UTC)` },
    )
    .toBe(true);

  const second = await idOf();
  await page.keyboard.press("n");
  await page.keyboard.type("advice ignores the client's horizon");
  await page.keyboard.press("Escape");
  await page.keyboard.press("i");
  await expect(status).toContainText(`${second} marked incorrect with a note.`);
  await expect.poll(idOf).not.toBe(second);

  const third = await idOf();
  await page.keyboard.press("s");
  await expect(status).toContainText(`${third} skipped.`);
  await expect.poll(idOf).not.toBe(third);
  await expect(status).toContainText("2 verdicts in this session.");
  const fourth = await idOf();

  // A reload resumes the held item; the two verdicts left the queue, the skip did not.
  const reloadMinute = minute();
  await page.reload();
  await expect(item).toBeVisible();
  expect(await idOf()).toBe(fourth);
  await expect.poll(() => number("Waiting")).toBe(depthBefore - 2);

  // Undo: a verdict moves the accuracy figure, its undo puts back the figure and the item.
  const accuracyBefore = await figure("Accuracy, last 7 days").innerText();
  const waitingBefore = await number("Waiting");
  await page.keyboard.press("i");
  await expect(status).toContainText(`${fourth} marked incorrect.`);
  await expect.poll(() => figure("Accuracy, last 7 days").innerText()).not.toBe(accuracyBefore);
  await expect.poll(() => number("Waiting")).toBe(waitingBefore - 1);
  await page.screenshot({ path: testInfo.outputPath("queue-before-undo.png") });
  await page.keyboard.press("u");
  await expect(status).toContainText(`Undone: the incorrect verdict on ${fourth} is withdrawn.`);
  await expect.poll(idOf).toBe(fourth);
  await expect
    .poll(async () => restored(accuracyBefore, await figure("Accuracy, last 7 days").innerText(), reloadMinute), {
      message: `the accuracy figure is back to ${accuracyBefore}`,
    })
    .toBe(true);
  await expect.poll(() => number("Waiting")).toBe(waitingBefore);
  await page.screenshot({ path: testInfo.outputPath("queue-after-undo.png") });

  // Oldest first is an option; filters narrow the queue.
  await page.getByRole("combobox", { name: /^Order/ }).selectOption("oldest");
  await page.getByRole("combobox", { name: /^Segment/ }).selectOption("internal");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/order=oldest/);
  await expect(item.getByTestId("queue-segment")).toHaveText("internal");
});
