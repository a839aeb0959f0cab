import { createServer, type Server } from "node:http";
import { readFileSync } from "node:fs";
import path from "node:path";
import { buildAnswerGate } from "../examples/react-answer-gate/build";
import { E2E_DECISION_PORT, E2E_PORT } from "../playwright.config";
import { expect, test } from "./fixtures";

// The documented React snippet (examples/react-answer-gate: @openfeature/react-sdk + the OFREP web
// provider with default options) in chromium, served from an origin of its own so that CORS is
// real: an admin creates a client-side key for that origin on /admin/keys, the page gates the AI
// answer on the decision listener, and a pause replaces the answer by the fallback within a
// second, without a reload — 20 times in a row; thumbs go to the ingest API with the same key.

const SITE_PORT = E2E_PORT + 60;
const SITE = `http://127.0.0.1:${SITE_PORT}`;
const OUT = path.resolve(".tmp", "e2e", "answer-gate");
let site: Server;

test.beforeAll(async () => {
  await buildAnswerGate(OUT);
  site = createServer((req, res) => {
    const file = req.url?.startsWith("/main.js") ? "main.js" : "index.html";
    res.writeHead(200, { "content-type": file.endsWith(".js") ? "text/javascript" : "text/html" });
    res.end(readFileSync(path.join(OUT, file)));
  });
  await new Promise<void>((r) => site.listen(SITE_PORT, "127.0.0.1", r));
});

test.afterAll(async () => {
  await new Promise((r) => site.close(r));
});

test("a browser widget hears a pause within a second and sends thumbs with a client-side key", async ({ page, signInAs, api }) => {
  test.setTimeout(120_000);
  await signInAs("admin");
  await page.goto("/admin/keys");
  const form = page.getByRole("form", { name: "Create client-side key" });
  await form.getByLabel("Name").fill("answer gate e2e");
  await form.getByLabel("Allowed origins").fill(SITE);
  await form.getByRole("checkbox", { name: /meeting-summary/ }).check();
  await form.getByRole("button", { name: "Create client-side key" }).click();
  const clientKey = await page.getByLabel("New API key").inputValue();
  expect(clientKey).toMatch(/^rg_/);

  // a user inside the current phase's audience
  let user = "";
  for (let i = 1; !user; i++)
    if ((await api.evaluate("meeting-summary", { targetingKey: `browser-user-${i}` })).value) user = `browser-user-${i}`;
  const outputId = `widget-${Date.now()}`;
  await api.ingest([{ type: "output", id: outputId, feature: "meeting-summary", confidence: 0.97, unit: user }]);
  const operate = { authorization: `Bearer ${api.key}` };
  const query = new URLSearchParams({
    decisionUrl: `http://127.0.0.1:${E2E_DECISION_PORT}`,
    appUrl: `http://127.0.0.1:${E2E_PORT}`,
    key: clientKey,
    feature: "meeting-summary",
    outputId,
    user,
  });
  await page.goto(`${SITE}/?${query}`);
  await expect(page.getByTestId("ai-answer")).toBeVisible();

  try {
    for (let i = 0; i < 20; i++) {
      const paused = await api.request.post("/api/v1/features/meeting-summary/pause", {
        headers: operate,
        data: { reason: `widget round ${i}` },
      });
      // 202 is a pause in effect from memory whose storing waited on the database (stored: false):
      // the decision API and its streams obey it all the same, which is what this test is about
      expect([200, 202]).toContain(paused.status());
      if (paused.status() === 202) test.info().annotations.push({ type: "pause not stored at once", description: `round ${i}` });
      await expect(page.getByTestId("fallback")).toBeVisible({ timeout: 1000 });
      expect(
        (
          await api.request.post("/api/v1/features/meeting-summary/resume", {
            headers: operate,
            data: { reason: `widget round ${i} done` },
          })
        ).status(),
      ).toBe(200);
      await expect(page.getByTestId("ai-answer")).toBeVisible({ timeout: 1000 });
    }
  } finally {
    await api.ensureRunning("meeting-summary");
  }

  await page.getByRole("button", { name: "Not helpful" }).click();
  await expect(page.getByRole("status")).toHaveText("Thanks for the feedback");
});
