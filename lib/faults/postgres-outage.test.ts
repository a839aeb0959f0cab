import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresInstalled, startCluster, startServer, stopCluster, stopServer } from "../../scripts/lib/pg-cluster";

// Fault injection for PostgreSQL, on a private cluster of this file's own (not the one a parallel
// PostgreSQL pass uses): the server is stopped (`pg_ctl -m fast stop`) under two instances while a
// client pauses and ingests, then started again. Instance A is this process (route handlers called
// directly); instance B is a process of its own (lib/testing/instance-server.ts) with its own state
// folder, restarted during the outage. What must hold:
// - during the outage: ingest answers 503 database_unavailable with Retry-After, within 2 s; a pause
//   on B answers 202 stored: false within 2 s and B's decision API obeys it at once; A's decision
//   API keeps answering from its snapshot (200, never 500); health is 503 naming the stop path's
//   state; the change feed's failure is logged once, not every poll;
// - B restarted while the server is still down keeps the pending pause (from its local disk);
// - after the server returns: the pause is stored once, both instances serve it, resume works on
//   either, and every acknowledged output is stored.
// Skipped where PostgreSQL's binaries are absent (CI and these machines have them), and in the
// PostgreSQL pass of the suite (TEST_DATABASE_URL): it brings its own server, so one pass runs it.

const installed = postgresInstalled() && !process.env.TEST_DATABASE_URL;
const dir = path.join(os.tmpdir(), `rg-pg-outage-${process.pid}`);
const stateRoot = path.resolve(".tmp", `pg-outage-${process.pid}`);
let cluster: { dir: string; port: number; url: string } | null = null;
let url = "";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
let ingestA: Handler, pauseA: Handler, resumeA: Handler, evaluateA: Handler, healthA: Handler;
let key = "";
let fixtures: typeof import("../testing/fixtures");

const FEATURE = "pg-outage";
const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const p = (probe.address() as { port: number }).port;
      probe.close(() => resolve(p));
    });
  });

// --- instance B, a process of its own ---
let b: ChildProcess | null = null;
let bUrl = "";
let bOutput = "";
let bPort = 0;

async function startB(): Promise<void> {
  const child = spawn(process.execPath, ["--import", "tsx", "lib/testing/instance-server.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      ROLLGUARD_STATE_DIR: path.join(stateRoot, "b"),
      ROLLGUARD_LOG: "warn",
      ROLLGUARD_DECISION_PORT: "off",
      INSTANCE_PORT: String(bPort),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  b = child;
  bUrl = await new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      bOutput += d.toString();
      const m = bOutput.match(/listening (http:\/\/\S+)/);
      if (m) resolve(m[1]);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (d: Buffer) => (bOutput += d.toString()));
    child.on("exit", (code) => reject(new Error(`instance B exited (${code}): ${bOutput}`)));
  });
}

async function stopB(): Promise<void> {
  const child = b;
  if (!child || child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGKILL"); // a crash, not a shutdown: nothing may be flushed on the way out
  });
  b = null;
}

const call = (base: string, p: string, body?: unknown, method = "POST") =>
  fetch(`${base}${p}`, {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });

// --- instance A, this process ---
const params = (k: string) => ({ params: Promise.resolve({ key: k }) });
const onA = (h: Handler, p: string, body: unknown, k = key) => h(fixtures.jsonRequest(p, body, k), params(FEATURE));
const healthOfA = () => healthA(new Request("http://localhost/api/health"), { params: Promise.resolve({}) });

interface Decision {
  value?: boolean;
  reason?: string;
}
const decideA = async (k = key) => {
  const res = await onA(evaluateA, `/ofrep/v1/evaluate/flags/${FEATURE}`, { context: { targetingKey: "u-1" } }, k);
  return { status: res.status, body: (await res.json()) as Decision };
};
const decideB = async () => {
  const res = await call(bUrl, `/ofrep/v1/evaluate/flags/${FEATURE}`, { context: { targetingKey: "u-1" } });
  return { status: res.status, body: (await res.json()) as Decision };
};
const timed = async <T>(p: Promise<T>) => {
  const t = performance.now();
  const value = await p;
  return { value, ms: performance.now() - t };
};

// --- a client ingesting on both instances throughout ---
const acknowledged: string[] = [];
const statuses = new Map<number, number>();
let ingesting = true;
let ingestLoop: Promise<void> = Promise.resolve();
function startIngesting() {
  let n = 0;
  ingestLoop = (async () => {
    while (ingesting) {
      const ids = [0, 1].map((i) => `out-${n}-${i}`);
      const body = { events: ids.map((id) => ({ type: "output", id, feature: FEATURE, confidence: 0.97 })) };
      const useA = n++ % 2 === 0;
      const status = useA
        ? (await onA(ingestA, "/api/v1/events", body)).status
        : await call(bUrl, "/api/v1/events", body).then(
            (r) => r.status,
            () => 0, // B restarting
          );
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status === 200) acknowledged.push(...ids);
      await new Promise((r) => setTimeout(r, 40));
    }
  })();
}

async function sql<T>(text: string, values: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text, values)).rows as T[];
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  if (!installed) return;
  const port = await freePort();
  bPort = await freePort();
  cluster = startCluster(dir, port);
  const u = new URL(cluster.url);
  u.pathname = "/rollguard";
  url = u.toString();
  const { ensurePostgresDatabase, migratePostgres } = await import("../../scripts/lib/pg-migrate");
  await ensurePostgresDatabase(url);
  await migratePostgres(url);
  // this process is instance A: its clients are made for this database from here on
  await (globalThis as { rollguardPool?: pg.Pool }).rollguardPool?.end().catch(() => undefined);
  for (const k of Object.keys(globalThis)) if (k.startsWith("rollguard")) delete (globalThis as Record<string, unknown>)[k];
  process.env.DATABASE_URL = url;
  process.env.ROLLGUARD_STATE_DIR = path.join(stateRoot, "a");
  fixtures = await import("../testing/fixtures");
  ingestA = (await import("../../app/api/v1/events/route")).POST as Handler;
  pauseA = (await import("../../app/api/v1/features/[key]/pause/route")).POST as Handler;
  resumeA = (await import("../../app/api/v1/features/[key]/resume/route")).POST as Handler;
  evaluateA = (await import("../../app/ofrep/v1/evaluate/flags/[key]/route")).POST as Handler;
  healthA = (await import("../../app/api/health/route")).GET as Handler;
  const { env } = await import("../env");
  expect(env().DATABASE_URL).toBe(url);
  await fixtures.givenFeature(FEATURE, "full");
  key = await fixtures.givenKey();
  await startB();
  // both instances warm: snapshot loaded, key verified (and saved on local disk)
  expect((await decideA()).body.value).toBe(true);
  expect((await decideB()).body.value).toBe(true);
  await new Promise((r) => setTimeout(r, 6000)); // the saved copy includes the verified key
  startIngesting();
  await new Promise((r) => setTimeout(r, 500));
}, 180_000);

afterAll(async () => {
  ingesting = false;
  await ingestLoop.catch(() => undefined);
  await stopB();
  await (globalThis as { rollguardPool?: pg.Pool }).rollguardPool?.end().catch(() => undefined);
  if (cluster) stopCluster(dir);
  rmSync(stateRoot, { recursive: true, force: true });
});

describe.runIf(installed)("PostgreSQL stopped under two instances (pg_ctl -m fast stop)", () => {
  it("during the outage: ingest 503 with Retry-After and a pause 202 stored: false, each within 2 s; the pausing instance obeys at once; nothing answers 500", async () => {
    stopServer(dir);
    const logStart = bOutput.length;

    const ingest = await timed(
      onA(ingestA, "/api/v1/events", { events: [{ type: "output", id: "during-1", feature: FEATURE, confidence: 0.9 }] }),
    );
    expect(ingest.value.status).toBe(503);
    expect(ingest.ms).toBeLessThan(2000);
    expect(ingest.value.headers.get("retry-after")).toBeTruthy();
    expect(((await ingest.value.json()) as { error: { code: string } }).error.code).toBe("database_unavailable");

    const paused = await timed(call(bUrl, `/api/v1/features/${FEATURE}/pause`, { reason: "outage drill" }));
    expect(paused.ms).toBeLessThan(2000);
    expect(paused.value.status).toBe(202);
    const body = (await paused.value.json()) as { stored: boolean; reached: string[]; warning: { code: string } };
    expect(body).toMatchObject({ stored: false, warning: { code: "pause_not_stored" } });
    expect(body.reached.join(" ")).toMatch(/this instance/);
    console.info(`server down: ingest 503 in ${ingest.ms.toFixed(0)} ms, pause 202 in ${paused.ms.toFixed(0)} ms`);
    // the pausing instance's decision API obeys at once
    expect((await decideB()).body).toMatchObject({ value: false, reason: "DISABLED" });
    // the other instance does not know yet, and answers from its snapshot: 200, never 500
    const a = await decideA();
    expect(a.status).toBe(200);
    expect(a.body.value).toBe(true);
    // a key it has never verified cannot be checked: 503 with Retry-After, not 500
    const stranger = await onA(evaluateA, `/ofrep/v1/evaluate/flags/${FEATURE}`, { context: { targetingKey: "u-1" } }, "rg_never_seen_key");
    expect(stranger.status).toBe(503);
    expect(stranger.headers.get("retry-after")).toBeTruthy();

    const health = await call(bUrl, "/api/health", undefined, "GET");
    expect(health.status).toBe(503);
    const h = (await health.json()) as { stopPath: { state: string }; pendingPauses: string[] };
    expect(h.stopPath.state).toBe("memory_only");
    expect(h.pendingPauses).toEqual([FEATURE]);
    const healthA = await healthOfA();
    expect(healthA.status).toBe(503);
    expect(((await healthA.json()) as { stopPath: { state: string } }).stopPath.state).toBe("memory_only");

    // resume while the pause is not stored: refused with 503, the feature stays paused
    const early = await call(bUrl, `/api/v1/features/${FEATURE}/resume`, { reason: "too soon" });
    expect(early.status).toBe(503);
    expect((await decideB()).body.value).toBe(false);

    // several seconds of polling (4 a second) leave one log line, not one per poll
    await new Promise((r) => setTimeout(r, 3000));
    const lines = bOutput.slice(logStart).split("\n");
    expect(lines.filter((l) => l.includes("change feed poll failed")).length).toBe(1);
    expect(lines.filter((l) => l.includes("unhandled error")).length).toBe(0);
  }, 60_000);

  it("an instance restarted during the outage keeps the pending pause (from its local disk) and serves decisions", async () => {
    await stopB();
    const restarted = performance.now();
    await startB();
    console.info(`instance B restarted during the outage in ${(performance.now() - restarted).toFixed(0)} ms`);
    const decision = await decideB();
    expect(decision.status).toBe(200);
    expect(decision.body).toMatchObject({ value: false, reason: "DISABLED" });
    const health = (await (await call(bUrl, "/api/health", undefined, "GET")).json()) as { pendingPauses: string[] };
    expect(health.pendingPauses).toEqual([FEATURE]);
  }, 60_000);

  it("after PostgreSQL returns: the pause is stored once, both instances serve it, resume works on either; nothing acknowledged is lost", async () => {
    startServer(dir, cluster!.port);
    const back = performance.now();
    await expect
      .poll(async () => (await sql<{ state: string }>(`SELECT "state" FROM "Feature" WHERE "key" = $1`, [FEATURE]))[0]?.state, {
        timeout: 15_000,
        interval: 200,
      })
      .toBe("paused");
    console.info(`pending pause stored ${(performance.now() - back).toFixed(0)} ms after the server was back`);
    const pauses = await sql<{ n: string }>(`SELECT count(*) AS n FROM "StateChange" WHERE "featureKey" = $1 AND "type" = 'paused'`, [
      FEATURE,
    ]);
    expect(Number(pauses[0].n)).toBe(1);
    await expect.poll(async () => (await decideA()).body.value, { timeout: 10_000, interval: 100 }).toBe(false);
    expect((await decideB()).body.value).toBe(false);
    // health recovers on both, with memory and storage agreeing
    await expect.poll(async () => (await healthOfA()).status, { timeout: 15_000, interval: 250 }).toBe(200);
    await expect.poll(async () => (await call(bUrl, "/api/health", undefined, "GET")).status, { timeout: 15_000, interval: 250 }).toBe(200);

    // resume on A (the instance that did not pause), then pause and resume on B: nothing stuck
    const resumed = await onA(resumeA, `/api/v1/features/${FEATURE}/resume`, { reason: "outage over" });
    expect(resumed.status).toBe(200);
    await expect.poll(async () => (await decideB()).body.value, { timeout: 5000, interval: 50 }).toBe(true);
    expect((await decideA()).body.value).toBe(true);
    expect((await call(bUrl, `/api/v1/features/${FEATURE}/pause`, { reason: "again" })).status).toBe(200);
    await expect.poll(async () => (await decideA()).body.value, { timeout: 5000, interval: 50 }).toBe(false);
    expect((await onA(resumeA, `/api/v1/features/${FEATURE}/resume`, { reason: "done" })).status).toBe(200);
    expect((await onA(pauseA, `/api/v1/features/${FEATURE}/pause`, { reason: "and again" })).status).toBe(200);
    expect((await call(bUrl, `/api/v1/features/${FEATURE}/resume`, { reason: "done" })).status).toBe(200);

    ingesting = false;
    await ingestLoop;
    const stored = await sql<{ id: string }>(`SELECT "clientId" AS id FROM "Output" WHERE "clientId" = ANY($1)`, [acknowledged]);
    console.info(
      `ingest statuses during the run: ${JSON.stringify(Object.fromEntries(statuses))}; ${acknowledged.length} outputs acknowledged`,
    );
    expect(stored.length).toBe(acknowledged.length);
    expect([...statuses.keys()].filter((s) => s >= 500 && s !== 503)).toEqual([]);
  }, 90_000);

  it("a hung server (every PostgreSQL process stopped with SIGSTOP): a pause still answers within 2 s, is obeyed at once, and is stored once when the server wakes", async () => {
    const hung = serverProcesses();
    expect(hung.length).toBeGreaterThan(1);
    try {
      signal(hung, "SIGSTOP"); // the postmaster first: it forks no backend after it
      const paused = await timed(onA(pauseA, `/api/v1/features/${FEATURE}/pause`, { reason: "hung server drill" }));
      console.info(`server hung: pause answered ${paused.value.status} in ${paused.ms.toFixed(0)} ms`);
      expect(paused.ms).toBeLessThan(2000);
      expect(paused.value.status).toBe(202);
      expect(((await paused.value.json()) as { stored: boolean }).stored).toBe(false);
      expect((await decideA()).body).toMatchObject({ value: false, reason: "DISABLED" });
    } finally {
      signal(hung, "SIGCONT");
    }
    await expect
      .poll(async () => (await sql<{ state: string }>(`SELECT "state" FROM "Feature" WHERE "key" = $1`, [FEATURE]))[0]?.state, {
        timeout: 20_000,
        interval: 250,
      })
      .toBe("paused");
    await expect.poll(async () => (await healthOfA()).status, { timeout: 20_000, interval: 250 }).toBe(200);
    const reasons = await sql<{ n: string }>(
      `SELECT count(*) AS n FROM "StateChange" WHERE "featureKey" = $1 AND "type" = 'paused' AND "payload" LIKE '%hung server drill%'`,
      [FEATURE],
    );
    expect(Number(reasons[0].n)).toBe(1);
    expect((await call(bUrl, `/api/v1/features/${FEATURE}/resume`, { reason: "awake" })).status).toBe(200);
    // B's resume reaches A's listener over NOTIFY (or its poll), as the other steps above wait for
    await expect.poll(async () => (await decideA()).body.value, { timeout: 5000, interval: 50 }).toBe(true);
  }, 90_000);
});

/**
 * Signals each process; one that exited since it was listed (a backend whose connection closed) is
 * skipped. CI once saw `kill ESRCH` there: the test stopped half the server, never woke it, and
 * the cluster could not be shut down.
 */
function signal(pids: number[], sig: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ESRCH") throw e;
    }
  }
}

/** The cluster's postmaster and every process it started (read from /proc: nothing else is signalled). */
function serverProcesses(): number[] {
  const postmaster = Number(readFileSync(path.join(dir, "data", "postmaster.pid"), "utf8").split("\n")[0]);
  const children = readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === postmaster;
      } catch {
        return false;
      }
    })
    .map(Number);
  return [postmaster, ...children];
}
