import { copyFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { withDatabase } from "./global-setup";

// Each test file gets its own real database, copied from the run's migrated template (a SQLite
// file, or a PostgreSQL database when TEST_DATABASE_URL is set), and fresh process-wide clients
// (the worker process may have run another file before).
const pgTemplate = process.env.ROLLGUARD_TEST_PG_TEMPLATE;
const server = process.env.TEST_DATABASE_URL;
if (pgTemplate && server) {
  const name = `rg_t_${process.ppid}_${process.pid}_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${pgTemplate}"`);
  } finally {
    await admin.end();
  }
  process.env.DATABASE_URL = withDatabase(server, name);
} else {
  const template = process.env.ROLLGUARD_TEST_TEMPLATE;
  if (!template) throw new Error("ROLLGUARD_TEST_TEMPLATE is not set: run the tests through vitest (lib/testing/global-setup.ts)");
  const dir = path.resolve(".tmp", "test-dbs");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.db`);
  copyFileSync(template, file);
  process.env.DATABASE_URL = `file:${file}`;
}
process.env.ROLLGUARD_LOG ??= "silent";
// the instance's local fail-safe state (pending pauses, saved decision snapshot): one folder per file
process.env.ROLLGUARD_STATE_DIR = path.resolve(
  ".tmp",
  "test-state",
  `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
);
// Suites fire thousands of requests with one key; lib/key-rate-limits.test.ts sets its own allowances.
process.env.ROLLGUARD_INGEST_RATE_LIMIT = "1000000";
process.env.ROLLGUARD_EVALUATE_RATE_LIMIT = "1000000";
// A PostgreSQL pool left by the previous file in this worker holds connections to its database.
await (globalThis as { rollguardPool?: pg.Pool }).rollguardPool?.end().catch(() => undefined);
for (const k of Object.keys(globalThis)) if (k.startsWith("rollguard")) delete (globalThis as Record<string, unknown>)[k];
