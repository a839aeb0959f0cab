import { spawn, type ChildProcess } from "node:child_process";
import { E2E_DECISION_PORT, E2E_PORT } from "../playwright.config";
import { expect, test } from "./fixtures";

// "Did the product obey?" with the demo product itself (npm run simulate: the official OpenFeature
// server SDK + OFREP provider asks the decision listener before each answer and reports `shown`):
// obeying, it reports no AI answer after a pause; told to disobey, the feature page's proof panel
// says so and the built-in rule "AI answers shown while paused" opens an alert within 10 s of the
// first AI answer it reports while paused.

const FEATURE = "meeting-summary";

/**
 * The demo product for one feature, fast enough that every 2 s tick sends a few outputs — at any
 * hour: `--steady` holds its traffic at the weekday peak (the daily curve's night, one answer a
 * minute, left whole windows of this test without a single decision after the pause).
 */
function product(key: string, disobey: boolean): { child: ChildProcess; sent: Promise<number> } {
  const args = [
    "tsx",
    "scripts/simulate.ts",
    "--url",
    `http://127.0.0.1:${E2E_PORT}`,
    "--decision-url",
    `http://127.0.0.1:${E2E_DECISION_PORT}`,
  ];
  args.push("--key", key, "--feature", FEATURE, "--speed", "60", "--minutes", "2", "--steady", ...(disobey ? ["--disobey"] : []));
  const child = spawn("npx", args, { stdio: ["ignore", "pipe", "pipe"], detached: true });
  // resolves with the time its first batch was acknowledged by the ingest API
  const sent = new Promise<number>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      if (/sent [1-9]\d* events/.test(chunk.toString())) resolve(Date.now());
    });
    child.on("exit", (code) => reject(new Error(`simulate exited with ${code}`)));
  });
  sent.catch(() => {});
  return { child, sent };
}

function stop(p: { child: ChildProcess }) {
  try {
    process.kill(-p.child.pid!, "SIGTERM"); // the whole group: npx → tsx → node
  } catch {
    // gone already
  }
}

test.beforeEach(async ({ api }) => api.ensureRunning(FEATURE));

test("the demo product obeys a pause; told to disobey, the proof panel and an alert say so within 10 s", async ({
  page,
  signInAs,
  api,
}) => {
  test.setTimeout(120_000);
  const operate = { authorization: `Bearer ${api.key}` };
  const proof = async () => (await api.request.get(`/api/v1/features/${FEATURE}/proof`, { headers: operate })).json();
  let running = product(api.key, false);
  try {
    await running.sent;
    const beforePause = await proof();
    const paused = await api.request.post(`/api/v1/features/${FEATURE}/pause`, {
      headers: operate,
      data: { reason: "e2e: proof of obedience" },
    });
    expect([200, 202]).toContain(paused.status());

    await signInAs("viewer");
    await page.goto(`/features/${FEATURE}`);
    const panel = page.getByRole("region", { name: "Did the product obey?" });
    await expect(panel).toContainText("Paused");
    // past the grace, with the obeying product still running: the panel polls every 2 s
    await page.waitForTimeout(9_000);
    await expect(panel).toContainText("No AI answer reported as shown since the pause");
    await expect(panel.getByTestId("ai-after-pause")).toHaveText("0");
    await expect(panel.getByRole("alert")).toHaveCount(0);
    const obeyed = await proof();
    expect(obeyed.verdict).toBe("obeying");
    expect(obeyed.aiShownAfterPause).toBe(0);
    // it kept asking, and was told "off": decisions served as disabled since the pause
    const disabled = (p: { minutes: { disabled: number }[] }) => p.minutes.reduce((n, m) => n + m.disabled, 0);
    expect(disabled(obeyed)).toBeGreaterThan(disabled(beforePause));
    await panel.screenshot({ path: test.info().outputPath("proof-obeying.png") });
    stop(running);

    // the same product, now ignoring the switch while the feature stays paused
    running = product(api.key, true);
    const firstShown = await running.sent;
    await expect(panel.getByRole("alert")).toContainText("The product is still showing AI answers", { timeout: 10_000 });
    await expect(page.getByRole("table", { name: "Open and acknowledged alerts" })).toContainText("AI answers shown while paused", {
      timeout: Math.max(1000, 10_000 - (Date.now() - firstShown)),
    });
    test
      .info()
      .annotations.push({ type: "notice and alert after the first disobeying batch", description: `${Date.now() - firstShown} ms` });
    await panel.screenshot({ path: test.info().outputPath("proof-disobeying.png") });
    await page.getByRole("region", { name: /^Alerts/ }).screenshot({ path: test.info().outputPath("proof-alerts.png") });
    const caught = await proof();
    expect(caught.verdict).toBe("disobeying");
    expect(caught.aiShownAfterPause).toBeGreaterThan(0);
  } finally {
    stop(running);
    await api.ensureRunning(FEATURE);
  }
  // the resume resolves the obedience alert; the chart keeps its period
  // (the live evaluator resolves it on its next pass after the resume: within its 15 s timer)
  await expect(async () => {
    await page.reload();
    await expect(page.getByText("alert: AI answers shown while paused (resolved)").first()).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByRole("table", { name: "Open and acknowledged alerts" }).getByText("AI answers shown while paused")).toHaveCount(0);
});
