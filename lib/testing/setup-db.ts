import { copyFileSync, mkdirSync } from "node:fs";
import path from "node:path";

// Each test file gets its own real SQLite file, copied from the migrated template, and fresh
// process-wide clients (the worker process may have run another file before).
const template = path.resolve(".tmp", "test-template.db");
const dir = path.resolve(".tmp", "test-dbs");
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.db`);
copyFileSync(template, file);
process.env.DATABASE_URL = `file:${file}`;
process.env.ROLLGUARD_LOG ??= "silent";
// Suites fire thousands of requests with one key; the rate-limit tests set their own allowances.
process.env.ROLLGUARD_INGEST_RATE_LIMIT = "1000000";
process.env.ROLLGUARD_EVALUATE_RATE_LIMIT = "1000000";
for (const k of Object.keys(globalThis)) if (k.startsWith("rollguard")) delete (globalThis as Record<string, unknown>)[k];
