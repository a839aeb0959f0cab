import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, createFeatureInForm } from "./fixtures";

// Notifications people receive: an admin adds a Slack channel in the UI (a local receiver stands
// in for Slack), sends a test, and the next alert arrives in Slack's message format with the
// figure, its interval and links; the alert says exactly who was told.

const KEY = `notified-${Date.now().toString(36)}`;
const NAME = "Claim answers";

interface Received {
  path: string;
  body: { text: string; blocks?: { type: string; text?: { text: string }; elements?: { text: string }[] }[] };
}

let receiver: Server;
let receiverUrl = "";
const received: Received[] = [];

test.beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ path: req.url ?? "/", body: JSON.parse(body) });
      res.end("ok");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/services/T0/B0/e2e`;
});

test.afterAll(async () => {
  receiver.closeAllConnections();
  await new Promise((r) => receiver.close(r));
});

test("a Slack channel added in the UI receives the test and the alert, in Slack's format", async ({ page, signInAs, api }) => {
  test.setTimeout(120_000);
  await signInAs("admin");
  await createFeatureInForm(page, { key: KEY, name: NAME, owner: "claims-ai", stakes: "High", fallback: "A claims handler answers." });

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Channels" }).click();
  const form = page.getByRole("form", { name: "Add a channel" });
  await form.getByLabel("Name", { exact: true }).fill("#claims-incidents");
  await form.getByLabel("Kind").selectOption("slack");
  await form.getByLabel("URL").fill(receiverUrl);
  await form.getByRole("combobox", { name: /^Feature/ }).selectOption(KEY);
  await form.getByRole("button", { name: "Add channel" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Channel “#claims-incidents” added" })).toBeVisible();

  const channel = page.getByRole("listitem", { name: "Channel #claims-incidents" });
  await channel.getByRole("button", { name: "Send a test to #claims-incidents" }).click();
  await expect.poll(() => received.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
  expect(received[0].body.text).toMatch(/^Test from Rollguard: the channel "#claims-incidents" works/);
  await expect(page.getByRole("table").getByRole("row").filter({ hasText: "#claims-incidents" }).first()).toContainText("delivered", {
    timeout: 10_000,
  });

  // The breach: one message for the incident, in Slack's format, with the rule, its figure and
  // interval, the automatic pause and links (one incident, one message — no separate alert or pause post).
  const events: unknown[] = [];
  for (let i = 0; i < 80; i++) {
    events.push({ type: "output", id: `${KEY}-${i}`, feature: KEY, confidence: 0.96, segment: "internal", unit: `emp-${i % 20}` });
    events.push({ type: "label", outputId: `${KEY}-${i}`, feature: KEY, correct: false, source: "human" });
  }
  await api.ingest(events);
  const about = () => received.filter((r) => r.body.text.includes(NAME) && !r.body.text.startsWith("Test from Rollguard"));
  await expect.poll(() => about().filter((r) => r.body.text.startsWith(`Incident on ${NAME}`)).length, { timeout: 20_000 }).toBe(1);
  const incident = about().find((r) => r.body.text.startsWith(`Incident on ${NAME}`))!;
  expect(incident.body.text).toMatch(new RegExp(`^Incident on ${NAME}: Accuracy below 95 %`));
  expect(incident.path).toBe("/services/T0/B0/e2e");
  expect(incident.body.blocks!.map((b) => b.type)).toEqual(["header", "section", "context"]);
  const section = incident.body.blocks![1].text!.text;
  expect(section).toMatch(/• Accuracy below 95 %( \([^)]*\))?: 0\.0 % \(95 % interval 0\.0–4\.6 %, n = 80\)/);
  expect(section).toContain("Paused automatically by rule “Accuracy below 95 %”");
  expect(section).not.toMatch(/rule:|user:/);
  const links = incident.body.blocks![2].elements![0].text;
  expect(links).toMatch(new RegExp(`/features/${KEY}\\|Open ${NAME}>`));
  expect(links).toMatch(/\/incidents\/[a-z0-9]+\|Incident timeline>/);
  // …and nothing else about it while the incident lasts
  await page.waitForTimeout(2000);
  expect(about().map((r) => r.body.text.split(":")[0])).toEqual([`Incident on ${NAME}`]);

  // The alert says exactly who was told.
  await page.goto(`/alerts?feature=${KEY}`);
  await expect(page.getByRole("row", { name: `Accuracy below 95 % on ${NAME}` })).toContainText("Told #claims-incidents (delivered)");
});

test("a refused key form keeps the name that was typed", async ({ page, signInAs }) => {
  await signInAs("admin");
  await page.goto("/admin/keys");
  const form = page.getByRole("form", { name: "Create API key" });
  await form.getByLabel("Name", { exact: true }).fill("e2e kept name");
  await form.getByRole("button", { name: "Create key" }).click(); // no scope chosen: refused
  await expect(form.getByRole("alert")).toContainText("Choose at least one scope");
  await expect(form.getByLabel("Name", { exact: true })).toHaveValue("e2e kept name");
});

const PAGES = [
  "/",
  "/features/portfolio-advisor",
  "/features/portfolio-advisor/plan",
  "/features/portfolio-advisor/plan/edit",
  "/features/portfolio-advisor/rules",
  "/features/portfolio-advisor/rules?new=1",
  "/features/portfolio-advisor/checklist",
  "/features/portfolio-advisor/edit",
  "/features/new",
  "/alerts",
  "/audit",
  "/segments",
  "/review",
  "/review/queue",
  "/review/patterns",
  "/admin/keys",
  "/admin/users",
  "/admin/channels",
];

test("no page is wider than a 390 px phone", async ({ page, signInAs }) => {
  test.setTimeout(180_000);
  await signInAs("admin");
  await page.setViewportSize({ width: 390, height: 844 });
  const incident = await page.request.get("/alerts");
  expect(incident.status()).toBe(200);
  const wide: string[] = [];
  for (const path of PAGES) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    if (scroll > inner) wide.push(`${path}: ${scroll} px`);
  }
  expect(wide).toEqual([]);
});
