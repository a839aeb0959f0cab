import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";

// Migrates one template database per test run (unique per run, so that two runs side by side do
// not rebuild each other's template); every test file starts from a copy of it.
export default function setup() {
  const template = path.resolve(".tmp", "test-dbs", `template-${process.pid}.db`);
  mkdirSync(path.dirname(template), { recursive: true });
  execFileSync(path.join("node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${template}`, CHECKPOINT_DISABLE: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  process.env.ROLLGUARD_TEST_TEMPLATE = template;
  return () => {
    for (const suffix of ["", "-wal", "-shm"]) rmSync(template + suffix, { force: true });
  };
}
