import { expect, test, type RollguardApi, shot } from "./fixtures";

// The kill switch from the feature page: an operator pauses with a reason after a confirm step
// that estimates who is affected, the decision API answers "off" at once, the audit log names
// the operator, and resuming brings the AI answer back. Every test leaves the feature running.

const FEATURE = "meeting-summary";
const REASON = "e2e: accuracy dip under review";

/** A unit that the decision API serves the AI answer to while the feature runs. */
async function inAudienceUnit(api: RollguardApi): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const unit = `e2e-pause-${i}`;
    if ((await api.evaluate(FEATURE, { targetingKey: unit })).value) return unit;
  }
  throw new Error("no unit in the audience among 100");
}

// a failed test elsewhere must not leave the feature paused for these
test.beforeEach(async ({ api }) => api.ensureRunning(FEATURE));

test("an operator pauses a feature from its page, the decision API follows, the audit log names them, and resuming restores it", async ({
  page,
  signInAs,
  api,
}, testInfo) => {
  const unit = await inAudienceUnit(api);
  await signInAs("operator");
  await page.goto(`/features/${FEATURE}`);
  await page.evaluate(() => ((window as unknown as { e2eNoReload: boolean }).e2eNoReload = true));
  const control = page.getByRole("region", { name: "Pause control" });

  await control.getByRole("button", { name: "Pause" }).click();
  const confirm = control.getByRole("form", { name: "Pause Meeting summary?" });
  await expect(confirm).toContainText(/About [\d,]+ users? stops? getting AI answers\./);
  await expect(confirm).toContainText(/distinct users shown an AI answer in the Gradual phase in the last 24 hours/);
  await expect(confirm.getByRole("button", { name: "Pause feature" })).toBeDisabled(); // the reason is required
  await expect(confirm.getByLabel("Reason")).toBeFocused();
  await confirm.getByLabel("Reason").fill(REASON);
  await shot(page, testInfo, "1-pause-confirm");
  await page.setViewportSize({ width: 390, height: 900 });
  await expect(confirm.getByRole("button", { name: "Pause feature" })).toBeInViewport();
  await shot(page, testInfo, "1-pause-confirm-phone");
  await page.setViewportSize({ width: 1400, height: 1000 });
  try {
    await confirm.getByRole("button", { name: "Pause feature" }).click();
    await expect(control.getByRole("status")).toHaveText(`Paused by operator@example.com: ${REASON}`);
    await expect(page.getByText(`Reason: ${REASON}`)).toBeVisible(); // the header's banner, after a soft refresh
    expect(await page.evaluate(() => (window as unknown as { e2eNoReload?: boolean }).e2eNoReload)).toBe(true); // no full reload

    const off = await api.evaluate(FEATURE, { targetingKey: unit });
    expect(off).toMatchObject({ value: false, reason: "DISABLED" });
    await shot(page, testInfo, "2-paused");

    await control.getByRole("button", { name: "Resume" }).click();
    const resume = control.getByRole("form", { name: "Resume Meeting summary?" });
    await expect(resume).toContainText("answers “on” again for 15 % of everyone in Gradual");
    await expect(resume).not.toContainText("Paused automatically");
    await resume.getByLabel("Reason").fill("e2e: dip explained, model unchanged");
    await resume.getByRole("button", { name: "Resume feature" }).click();
    await expect(control.getByRole("status")).toHaveText("Resumed by operator@example.com: e2e: dip explained, model unchanged");
    await expect(control.getByRole("button", { name: "Pause" })).toBeVisible();
  } finally {
    await api.ensureRunning(FEATURE);
  }
  expect(await api.evaluate(FEATURE, { targetingKey: unit })).toMatchObject({ value: true });

  // The audit log (admins) names the operator, the reason and the state change.
  await page.context().clearCookies();
  await signInAs("admin");
  await page.goto(`/audit?action=feature.pause&target=${FEATURE}`);
  const row = page.getByRole("row").filter({ hasText: REASON });
  await expect(row).toContainText("user:operator@example.com");
  await expect(row).toContainText("feature.pause");
  await expect(row).toContainText(/"state":"running".*→.*"state":"paused"/);
  await page.goto(`/audit?action=feature.resume&target=${FEATURE}`);
  await expect(page.getByRole("row").filter({ hasText: "e2e: dip explained, model unchanged" })).toContainText("user:operator@example.com");
});

test("when someone else paused first, the confirm step says so instead of failing silently", async ({ page, signInAs, api }) => {
  await signInAs("operator");
  await page.goto(`/features/${FEATURE}`);
  const control = page.getByRole("region", { name: "Pause control" });
  await control.getByRole("button", { name: "Pause" }).click();
  await control.getByLabel("Reason").fill("e2e: second operator");
  try {
    const first = await api.request.post(`/api/v1/features/${FEATURE}/pause`, {
      headers: { authorization: `Bearer ${api.key}` },
      data: { reason: "e2e: the first pause" },
    });
    expect(first.status()).toBe(200);
    await control.getByRole("button", { name: "Pause feature" }).click();
    await expect(control.getByRole("alert")).toContainText("Meeting summary is already paused (someone else was quicker)");
    await expect(control.getByRole("button", { name: "Resume" })).toBeVisible(); // the page caught up
  } finally {
    await api.ensureRunning(FEATURE);
  }
});

test("a viewer sees the feature's state but no Pause button", async ({ page, signInAs }) => {
  await signInAs("viewer");
  await page.goto(`/features/${FEATURE}`);
  await expect(page.getByRole("heading", { name: "Meeting summary", level: 1 })).toBeVisible();
  await expect(page.getByRole("region", { name: "Pause control" })).toBeAttached();
  await expect(page.getByRole("button", { name: /pause|resume/i })).toHaveCount(0);
  const queue = page.getByRole("region", { name: "Human review queue" });
  await expect(queue.getByLabel("Queue figures")).toContainText("Waiting");
  await expect(queue.getByLabel("Queue figures")).toContainText("Review latency (median)");
});
