import { test, expect } from "@playwright/test";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { appServerCommand } from "../scripts/lib/build";

// Acknowledged means durable: stream ingest batches at a production server, SIGKILL it
// mid-stream, restart it, retry the batches that got no 2xx — and every event is stored once.

const PORT = 3199;
const BASE = `http://127.0.0.1:${PORT}`;
const dir = path.resolve(".tmp", "durability");
const env = {
  ...process.env,
  DATABASE_URL: `file:${path.join(dir, "rollguard.db")}`,
  ROLLGUARD_DEMO: "0",
  NEXT_TELEMETRY_DISABLED: "1",
  ROLLGUARD_LOG: "warn",
};
const cli = (...args: string[]) =>
  execFileSync(path.join("node_modules", ".bin", "tsx"), ["scripts/rollguard.ts", ...args], { env, encoding: "utf8" }).trim();

function startServer(): ChildProcess {
  const { command, args } = appServerCommand(PORT, "127.0.0.1"); // the production server, as npm start runs it
  return spawn(command, args, { env, stdio: "ignore" });
}

async function waitHealthy() {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${BASE}/api/health`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("server did not come up");
}

const BATCH = 200;
const batchOf = (b: number) => ({
  events: Array.from({ length: BATCH }, (_, i) => ({ type: "output", id: `b${b}-${i}`, feature: "durable", confidence: 0.9 })),
});

test("every acknowledged event survives a SIGKILL, and retries never double-count", async () => {
  test.setTimeout(180_000);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync(path.join("node_modules", ".bin", "prisma"), ["migrate", "deploy"], { env, stdio: "ignore" });
  cli("feature", "create", "durable", "--name", "Durable", "--phase", "full");
  const key = cli("key", "create", "--name", "durability", "--scopes", "ingest,read").split("\n")[0];
  const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
  const send = (b: number) => fetch(`${BASE}/api/v1/events`, { method: "POST", headers, body: JSON.stringify(batchOf(b)) });

  let server = startServer();
  await waitHealthy();
  const acknowledged = new Set<number>();
  let next = 0;
  let killed = false;
  // four concurrent clients stream batches until the server dies under them
  const client = async () => {
    while (!killed) {
      const b = next++;
      try {
        const res = await send(b);
        if (res.status === 200) acknowledged.add(b);
      } catch {
        // connection reset by the kill: this batch was not acknowledged
      }
    }
  };
  const clients = Promise.all([client(), client(), client(), client()]);
  while (acknowledged.size < 20) await new Promise((r) => setTimeout(r, 20));
  server.kill("SIGKILL");
  killed = true;
  await clients;
  const sent = next;
  expect(acknowledged.size).toBeGreaterThanOrEqual(20);

  server = startServer();
  try {
    await waitHealthy();
    const metrics = async () => {
      const res = await fetch(`${BASE}/api/v1/features/durable/metrics?from=${Date.now() - 3_600_000}`, { headers });
      return (await res.json()).totals.outputs as number;
    };
    // every acknowledged batch is there after the crash
    const afterCrash = await metrics();
    expect(afterCrash).toBeGreaterThanOrEqual(acknowledged.size * BATCH);
    expect(afterCrash % BATCH).toBe(0); // a batch is all or nothing

    // the client retries what was not acknowledged (and, by mistake, one that was)
    const retry = [...Array.from({ length: sent }, (_, b) => b).filter((b) => !acknowledged.has(b)), [...acknowledged][0]];
    let duplicates = 0;
    for (const b of retry) {
      const res = await send(b);
      expect(res.status).toBe(200);
      duplicates += (await res.json()).duplicates;
    }
    expect(duplicates).toBe(afterCrash - acknowledged.size * BATCH + BATCH);
    expect(await metrics()).toBe(sent * BATCH);
  } finally {
    server.kill("SIGKILL");
  }
});
