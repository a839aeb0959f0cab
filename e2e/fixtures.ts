import { test as base, expect, type APIRequestContext, type Page, type TestInfo } from "@playwright/test";
import { readFileSync } from "node:fs";
import path from "node:path";

// Shared fixtures: `api` calls Rollguard's public API with the key that serve-e2e created.

export interface RollguardApi {
  key: string;
  ingest(events: unknown[]): Promise<{ accepted: number; duplicates: number; rejected: unknown[] }>;
  metrics(feature: string, query?: Record<string, string>): Promise<Record<string, unknown>>;
  /** the decision API (OFREP) for one unit: value true = serve the AI answer */
  evaluate(
    feature: string,
    context: Record<string, unknown>,
  ): Promise<{ value: boolean; reason: string; variant?: string; metadata?: Record<string, unknown> }>;
  /** Resumes the feature when it is paused (a failed test must not leave it paused for the next ones). */
  ensureRunning(feature: string): Promise<void>;
  request: APIRequestContext;
}

export type DemoRole = "viewer" | "operator" | "admin";
export const DEMO_PASSWORD = "rollguard-demo";

export const test = base.extend<{ api: RollguardApi; signInAs: (role: DemoRole) => Promise<void> }>({
  /** Signs in through the sign-in page as one of the demo users. */
  signInAs: async ({ page }, use) => {
    await use(async (role) => {
      await page.goto("/signin");
      await page.getByLabel("Email").fill(`${role}@example.com`);
      await page.getByLabel("Password").fill(DEMO_PASSWORD);
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      await expect(page).not.toHaveURL(/\/signin/);
      const nav = page.getByRole("navigation", { name: "Main" });
      // on a phone the account sits behind "Menu"
      if ((page.viewportSize()?.width ?? 1400) < 640) await nav.getByRole("button", { name: "Menu" }).click();
      await expect(nav.getByText(`${role}@example.com`)).toBeVisible();
      if ((page.viewportSize()?.width ?? 1400) < 640) await nav.getByRole("button", { name: "Menu" }).click();
    });
  },
  api: async ({ request }, use) => {
    const key = readFileSync(path.resolve(".tmp", "e2e", "api-key"), "utf8").trim();
    const headers = { authorization: `Bearer ${key}` };
    await use({
      key,
      request,
      async ingest(events) {
        const res = await request.post("/api/v1/events", { headers, data: { events } });
        expect(res.status(), await res.text()).toBeLessThan(300);
        return res.json();
      },
      async evaluate(feature, context) {
        const res = await request.post(`/ofrep/v1/evaluate/flags/${feature}`, { headers, data: { context } });
        expect(res.status(), await res.text()).toBe(200);
        return res.json();
      },
      async ensureRunning(feature) {
        // 409 not_paused: running already; 503 pause_not_stored: a pause held in memory is being stored, try again
        await expect
          .poll(
            async () => {
              const res = await request.post(`/api/v1/features/${feature}/resume`, { headers, data: { reason: "e2e: clean-up" } });
              return res.status() === 200 || res.status() === 409;
            },
            { timeout: 20_000, intervals: [250, 500, 1000] },
          )
          .toBe(true);
      },
      async metrics(feature, query = {}) {
        const res = await request.get(`/api/v1/features/${feature}/metrics?${new URLSearchParams(query)}`, { headers });
        expect(res.status()).toBe(200);
        return res.json();
      },
    });
  },
});

export { expect };

/** The instant the e2e server seeded the demo at (scripts/serve-e2e.ts): the demo's stories are placed from it. */
export function demoNow(): number {
  return Number(readFileSync(path.resolve(".tmp", "e2e", "demo-now"), "utf8"));
}

/** A full-page screenshot, attached to the test's report. */
export async function shot(page: Page, testInfo: TestInfo, name: string) {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

/** Creates a feature through the admin's "New feature" form (signed in as admin); it lands on its checklist. */
export async function createFeatureInForm(
  page: Page,
  f: { key: string; name: string; owner: string; stakes: "Low" | "Medium" | "High"; fallback: string },
) {
  await page.goto("/features/new");
  await page.getByLabel("Key").fill(f.key);
  await page.getByLabel("Name").fill(f.name);
  await page.getByLabel("Owner").fill(f.owner);
  await page.getByRole("radio", { name: new RegExp(`^${f.stakes}`) }).check();
  await page.getByLabel("Fallback behaviour").fill(f.fallback);
  await page.getByRole("button", { name: "Create feature" }).click();
  await expect(page).toHaveURL(new RegExp(`/features/${f.key}/checklist`));
}
