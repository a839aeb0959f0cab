import { mkdirSync } from "node:fs";
import { E2E_DECISION_PORT, E2E_PORT } from "../playwright.config";
import { expect, test, createFeatureInForm } from "./fixtures";

// A new feature's empty page shows how to integrate it (curl and TypeScript for ingest and the
// decision API, with its key and the real URLs), an admin creates a key for it there, and the first
// event the product sends with that key turns the panel into the dashboard, without a reload.

const KEY = `integrate-${Date.now().toString(36)}`;
const NAME = "Refund answers";
const SHOTS = ".tmp/shots";
const ORIGIN = `http://127.0.0.1:${E2E_PORT}`;
const LISTENER = `http://127.0.0.1:${E2E_DECISION_PORT}`;

test.describe.configure({ mode: "serial" });
test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

let createdKey = "";

test("a new feature shows the integration panel; an admin creates a key that fills the snippets", async ({ page, signInAs }) => {
  test.setTimeout(90_000);
  await signInAs("admin");
  await createFeatureInForm(page, { key: KEY, name: NAME, owner: "payments-ai", stakes: "Medium", fallback: "A payments agent answers." });

  await page.goto(`/features/${KEY}`);
  const panel = page.getByRole("region", { name: `Integrate ${NAME}` });
  await expect(panel).toBeVisible();
  await expect(page.getByText("Production accuracy")).toHaveCount(0); // no empty charts
  await expect(panel).toContainText(`curl -X POST ${ORIGIN}/api/v1/events`);
  await expect(panel).toContainText(`"feature": "${KEY}"`);
  await expect(panel).toContainText(`${LISTENER}/ofrep/v1/evaluate/flags/${KEY}`);
  await expect(panel).toContainText(`baseUrl: "${LISTENER}"`);
  await expect(panel).toContainText(`getBooleanDetails("${KEY}", false, context)`);
  await expect(panel).toContainText("Bearer $ROLLGUARD_KEY");
  await panel.getByText("Already on OpenTelemetry? Send traces instead").click();
  await expect(panel).toContainText(`url: "${ORIGIN}/v1/traces"`);
  await expect(panel).toContainText(`"rollguard.feature": "${KEY}"`);
  await page.screenshot({ path: `${SHOTS}/integrate-admin.png`, fullPage: true });

  await panel.getByRole("button", { name: `Create a key for ${NAME}` }).click();
  const shown = panel.getByLabel("The new key");
  await expect(shown).toHaveText(/^rg_/);
  createdKey = (await shown.textContent())!.trim();
  await expect(panel).toContainText("it is not shown again");
  await expect(panel).toContainText(`Bearer ${createdKey}`);
  await expect(panel).toContainText(`const ROLLGUARD_KEY = "${createdKey}"`);
  await expect(panel).not.toContainText("$ROLLGUARD_KEY");
  await page.screenshot({ path: `${SHOTS}/integrate-key.png`, fullPage: true });
});

test("a viewer sees the panel without the key button, and it fits a 390 px phone", async ({ page, signInAs }) => {
  await signInAs("viewer");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/features/${KEY}`);
  const panel = page.getByRole("region", { name: `Integrate ${NAME}` });
  await expect(panel).toBeVisible();
  await expect(panel.getByRole("button", { name: /Create a key/ })).toHaveCount(0);
  await expect(panel).toContainText("Ask an admin for an API key");
  const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(scroll).toBeLessThanOrEqual(inner);
  await page.screenshot({ path: `${SHOTS}/integrate-phone.png`, fullPage: true });
});

test("the first event sent with the new key replaces the panel by the dashboard, without a reload", async ({ page, signInAs, request }) => {
  test.setTimeout(60_000);
  expect(createdKey).toMatch(/^rg_/);
  await signInAs("admin");
  await page.goto(`/features/${KEY}`);
  await expect(page.getByRole("region", { name: `Integrate ${NAME}` })).toBeVisible();

  // the panel says who the phase serves, and its curl asks for a user inside that audience
  const panel = page.getByRole("region", { name: `Integrate ${NAME}` });
  await expect(panel.getByTestId("integrate-audience")).toContainText(/serves \d+ % of the segment beta-power-users/);
  await expect(panel.getByTestId("integrate-audience")).toContainText("so it answers value: true");
  await panel.getByText("What false means").click();
  await expect(panel).toContainText("outside_audience");
  await expect(panel).toContainText("segment_not_allowed");
  const curl = (await panel.getByRole("figure").filter({ hasText: "curl — decision" }).locator("code").textContent())!;
  const body = JSON.parse(curl.slice(curl.indexOf("-d '") + 4, curl.lastIndexOf("'")));

  // the key works for what the snippets do: the first call answers true, then one output
  const decision = await request.post(`${LISTENER}/ofrep/v1/evaluate/flags/${KEY}`, {
    headers: { authorization: `Bearer ${createdKey}` },
    data: body,
  });
  expect(decision.status(), await decision.text()).toBe(200);
  expect((await decision.json()).value, "the panel's first call answers true").toBe(true);
  // the first output arrives as an OpenTelemetry span (OTLP/JSON); the key, limited to this feature, names it
  const otlp = await request.post("/v1/traces", {
    headers: { authorization: `Bearer ${createdKey}`, "content-type": "application/json" },
    data: {
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
                  spanId: "00f067aa0ba902b7",
                  name: "chat",
                  startTimeUnixNano: String(BigInt(Date.now() - 2000) * 1_000_000n),
                  endTimeUnixNano: String(BigInt(Date.now() - 1000) * 1_000_000n),
                  attributes: [
                    { key: "gen_ai.operation.name", value: { stringValue: "chat" } },
                    { key: "rollguard.confidence", value: { doubleValue: 0.91 } },
                  ],
                },
              ],
            },
          ],
        },
      ],
    },
  });
  expect(otlp.status(), await otlp.text()).toBe(200);
  expect(await otlp.json(), "no span rejected").toEqual({});
  const ingest = await request.post("/api/v1/events", {
    headers: { authorization: `Bearer ${createdKey}` },
    data: { events: [{ type: "output", id: "answer-1", feature: KEY, confidence: 0.93, unit: "user-123", shown: true }] },
  });
  expect(ingest.status(), await ingest.text()).toBe(200);

  await expect(page.getByRole("region", { name: `Integrate ${NAME}` })).toHaveCount(0, { timeout: 15_000 });
  await expect(page.getByText("Production accuracy").first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/integrate-after-event.png`, fullPage: true });
});
