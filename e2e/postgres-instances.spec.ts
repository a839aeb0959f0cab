import { test as base, expect } from "@playwright/test";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, openSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { E2E_PORT } from "../playwright.config";
import { DEMO_PASSWORD } from "./fixtures";

// Two Rollguard instances (`npm start`'s script, each with its decision listener) on one
// PostgreSQL database, as behind a load balancer. A pause clicked on instance A is obeyed by B's
// decision listener, events sent to both are counted once, and a session made on A works on B.
// Runs when E2E_POSTGRES_URL names a PostgreSQL server the test may create a database on (CI
// starts a private cluster for it); skipped otherwise.

const SERVER = process.env.E2E_POSTGRES_URL;
const FEATURE = "meeting-summary";
const A = E2E_PORT + 20;
const B = E2E_PORT + 30;
const url = (port: number) => `http://127.0.0.1:${port}`;

const test = base.extend({});
test.skip(!SERVER, "set E2E_POSTGRES_URL to run the PostgreSQL instances journey");
test.describe.configure({ mode: "serial" });

let database = "";
let key = "";
const children: ChildProcess[] = [];

function withDatabase(server: string, name: string) {
  const u = new URL(server);
  u.pathname = `/${name}`;
  return u.toString();
}

async function waitFor(target: string, timeoutMs = 240_000) {
  const started = Date.now();
  for (;;) {
    const ok = await fetch(target).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() - started > timeoutMs) throw new Error(`${target} did not answer`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

test.beforeAll(async () => {
  test.setTimeout(400_000);
  database = `rg_e2e_${process.pid}`;
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await admin.end();
  const env = { ...process.env, DATABASE_URL: withDatabase(SERVER!, database), ROLLGUARD_LOG: "warn", NEXT_TELEMETRY_DISABLED: "1" };
  // the database, its demo data and a key, as an operator would prepare them (npm start does the same)
  key = execFileSync(path.join("node_modules", ".bin", "tsx"), ["scripts/e2e-postgres-prepare.ts"], { env, encoding: "utf8" })
    .trim()
    .split("\n")
    .pop()!;
  mkdirSync(path.join("test-results"), { recursive: true });
  for (const port of [A, B]) {
    const log = openSync(path.join("test-results", `postgres-instance-${port}.log`), "w");
    const child = spawn(path.join("node_modules", ".bin", "tsx"), ["scripts/start.ts"], {
      env: { ...env, PORT: String(port), HOSTNAME: "127.0.0.1", ROLLGUARD_DECISION_PORT: String(port + 1), NEXTAUTH_URL: url(port) },
      stdio: ["ignore", log, log],
      detached: true,
    });
    children.push(child);
  }
  await Promise.all([A, B].flatMap((p) => [waitFor(`${url(p)}/api/health`), waitFor(`${url(p + 1)}/api/health`)]));
});

test.afterAll(async () => {
  for (const child of children)
    if (child.pid)
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        /* gone */
      }
  await new Promise((r) => setTimeout(r, 1500));
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await admin.end();
});

const headers = () => ({ authorization: `Bearer ${key}`, "content-type": "application/json" });

async function evaluateOn(port: number, unit: string) {
  const res = await fetch(`${url(port)}/ofrep/v1/evaluate/flags/${FEATURE}`, {
    method: "POST",
    headers: headers(),
    body: JSON.stringify({ context: { targetingKey: unit } }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { value: boolean; reason: string };
}

test("a pause clicked on instance A is obeyed by instance B's decision listener, and A's session works on B", async ({ page }) => {
  let unit = "";
  for (let i = 0; i < 100 && !unit; i++) if ((await evaluateOn(B + 1, `e2e-pg-${i}`)).value) unit = `e2e-pg-${i}`;
  expect(unit).not.toBe("");

  await page.goto(`${url(A)}/signin`);
  await page.getByLabel("Email").fill("operator@example.com");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).not.toHaveURL(/\/signin/);
  await page.goto(`${url(A)}/features/${FEATURE}`);
  const control = page.getByRole("region", { name: "Pause control" });
  await control.getByRole("button", { name: "Pause" }).click();
  const confirm = control.getByRole("form", { name: "Pause Meeting summary?" });
  await confirm.getByLabel("Reason").fill("e2e: two instances");
  await confirm.getByRole("button", { name: "Pause feature" }).click();
  await expect(control.getByRole("status")).toHaveText(/Paused by operator@example.com/);

  // B's decision listener learns of it through the shared database (NOTIFY, or the poll)
  await expect.poll(async () => (await evaluateOn(B + 1, unit)).reason, { timeout: 5_000, intervals: [50] }).toBe("DISABLED");
  expect((await evaluateOn(B, unit)).value).toBe(false);

  // the session cookie made by A is accepted by B (one secret shared through the database)
  const cookies = await page.context().cookies(url(A));
  await page.context().addCookies(cookies.map((c) => ({ ...c, domain: "127.0.0.1" })));
  await page.goto(`${url(B)}/features/${FEATURE}`);
  await expect(page).not.toHaveURL(/\/signin/);
  await expect(page.getByRole("region", { name: "Pause control" }).getByRole("button", { name: "Resume" })).toBeVisible();

  const resumed = await fetch(`${url(B)}/api/v1/features/${FEATURE}/resume`, {
    method: "POST",
    headers: headers(),
    body: JSON.stringify({ reason: "e2e: clean-up" }),
  });
  expect(resumed.status).toBe(200);
  await expect.poll(async () => (await evaluateOn(A + 1, unit)).value, { timeout: 5_000, intervals: [50] }).toBe(true);
});

test("the same events sent to both instances at once are counted once", async () => {
  const now = Date.now();
  const events = Array.from({ length: 300 }, (_, i) => ({
    type: "output",
    feature: FEATURE,
    id: `e2e-pg-both-${now}-${i}`,
    confidence: 0.9,
    segment: "e2e-both",
    timestamp: now - 1000,
  }));
  const post = (port: number) =>
    fetch(`${url(port)}/api/v1/events`, { method: "POST", headers: headers(), body: JSON.stringify({ events }) }).then(async (r) => {
      expect(r.status).toBe(200);
      return (await r.json()) as { accepted: number; duplicates: number };
    });
  const [a, b] = await Promise.all([post(A), post(B)]);
  expect(a.accepted + b.accepted).toBe(300);
  expect(a.duplicates + b.duplicates).toBe(300);

  const query = new URLSearchParams({
    from: new Date(now - 3_600_000).toISOString(),
    to: new Date(now + 60_000).toISOString(),
    segment: "e2e-both",
    interval: "hour",
  });
  for (const port of [A, B]) {
    const res = await fetch(`${url(port)}/api/v1/features/${FEATURE}/metrics?${query}`, { headers: headers() });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { totals: { outputs: number } };
    expect(body.totals.outputs).toBe(300);
  }
});
