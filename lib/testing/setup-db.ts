import { copyFileSync, mkdirSync } from "node:fs";
import path from "node:path";

// Each test file gets its own real SQLite file, copied from the run's migrated template, and
// fresh process-wide clients (the worker process may have run another file before).
const template = process.env.ROLLGUARD_TEST_TEMPLATE;
if (!template) throw new Error("ROLLGUARD_TEST_TEMPLATE is not set: run the tests through vitest (lib/testing/global-setup.ts)");
const dir = path.resolve(".tmp", "test-dbs");
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.db`);
copyFileSync(template, file);
process.env.DATABASE_URL = `file:${file}`;
process.env.ROLLGUARD_LOG ??= "silent";
// Suites fire thousands of requests with one key; lib/key-rate-limits.test.ts sets its own allowances.
process.env.ROLLGUARD_INGEST_RATE_LIMIT = "1000000";
process.env.ROLLGUARD_EVALUATE_RATE_LIMIT = "1000000";
for (const k of Object.keys(globalThis)) if (k.startsWith("rollguard")) delete (globalThis as Record<string, unknown>)[k];
