import { defineConfig } from "@playwright/test";

// Browser tests in Debian's chromium against the production build, on a database the run
// creates, migrates and seeds itself (scripts/serve-e2e.ts). One worker: tests share that file.
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
/** The production server's lean decision listener (ROLLGUARD_DECISION_PORT). */
export const E2E_DECISION_PORT = E2E_PORT + 1;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    viewport: { width: 1400, height: 1000 },
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    command: "npx tsx scripts/serve-e2e.ts",
    url: `http://127.0.0.1:${E2E_PORT}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: { E2E_PORT: String(E2E_PORT), E2E_DECISION_PORT: String(E2E_DECISION_PORT) },
  },
});
