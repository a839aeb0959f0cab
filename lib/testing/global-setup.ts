import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";

// Migrates one template database per test run; every test file starts from a copy of it.
export const TEMPLATE = path.resolve(".tmp", "test-template.db");

export default function setup() {
  mkdirSync(path.dirname(TEMPLATE), { recursive: true });
  for (const suffix of ["", "-wal", "-shm"]) rmSync(TEMPLATE + suffix, { force: true });
  execFileSync(path.join("node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${TEMPLATE}`, CHECKPOINT_DISABLE: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  process.env.ROLLGUARD_TEST_TEMPLATE = TEMPLATE;
}
