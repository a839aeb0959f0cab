import { fork, type ChildProcess } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sqliteFile } from "../env";

// Fault injection: another process holds the database with BEGIN EXCLUSIVE (a backup tool, a
// stuck CLI). Writes answer 503 database_unavailable with Retry-After within the write deadline;
// the pause answers within 2 s and is obeyed from memory; one log line for the episode (not a
// stack trace per request); when the other process lets go, everything works again by itself.

process.env.ROLLGUARD_LOG = "info";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
let ingest: Handler, pause: Handler, resume: Handler, evaluate: Handler, health: Handler;
let key: string;
let fixtures: typeof import("../testing/fixtures");
let locker: ChildProcess | null = null;
const logged: string[] = [];

const params = (k: string) => ({ params: Promise.resolve({ key: k }) });
const post = (h: Handler, url: string, body: unknown) => h(fixtures.jsonRequest(url, body, key), params(url.split("/")[4] ?? ""));
const batch = (prefix: string) => ({
  events: Array.from({ length: 5 }, (_, i) => ({ type: "output", id: `${prefix}-${i}`, feature: "locked-feature", confidence: 0.97 })),
});
const decision = async () =>
  (await (
    await evaluate(
      fixtures.jsonRequest("/ofrep/v1/evaluate/flags/locked-feature", { context: { targetingKey: "u-1" } }, key),
      params("locked-feature"),
    )
  ).json()) as { value: boolean; reason: string };
const timed = async <T>(p: Promise<T>) => {
  const t = performance.now();
  const value = await p;
  return { value, ms: performance.now() - t };
};

/** Another process that opens the database and holds an exclusive lock until told to let go. */
async function lockFromAnotherProcess(): Promise<ChildProcess> {
  const script = path.resolve(".tmp", `locker-${process.pid}.cjs`);
  writeFileSync(
    script,
    `const Database = require(${JSON.stringify(path.resolve("node_modules/better-sqlite3"))});
     const conn = new Database(process.argv[2]);
     conn.exec("BEGIN EXCLUSIVE");
     conn.prepare('INSERT INTO "Setting" ("key", "value") VALUES (?, ?) ON CONFLICT DO NOTHING').run("locker", "1");
     process.send("locked");
     process.on("message", () => { conn.exec("ROLLBACK"); conn.close(); process.exit(0); });`,
  );
  const child = fork(script, [sqliteFile()!], { stdio: "ignore" });
  await new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("exit", (code) => reject(new Error(`locker exited ${code}`)));
  });
  return child;
}

beforeAll(async () => {
  vi.spyOn(console, "error").mockImplementation((line: unknown) => void logged.push(String(line)));
  vi.spyOn(console, "log").mockImplementation((line: unknown) => void logged.push(String(line)));
  fixtures = await import("../testing/fixtures");
  ingest = (await import("../../app/api/v1/events/route")).POST as Handler;
  pause = (await import("../../app/api/v1/features/[key]/pause/route")).POST as Handler;
  resume = (await import("../../app/api/v1/features/[key]/resume/route")).POST as Handler;
  evaluate = (await import("../../app/ofrep/v1/evaluate/flags/[key]/route")).POST as Handler;
  health = (await import("../../app/api/health/route")).GET as Handler;
  await fixtures.givenFeature("locked-feature", "full");
  key = await fixtures.givenKey();
});

afterAll(() => {
  locker?.kill("SIGKILL");
  rmSync(path.resolve(".tmp", `locker-${process.pid}.cjs`), { force: true });
  vi.restoreAllMocks();
});

// A SQLite file locked by another process; PostgreSQL (TEST_DATABASE_URL) has row locks instead.
describe.runIf(sqliteFile(process.env.DATABASE_URL))("a database locked by another process", () => {
  it("ingest answers 503 database_unavailable with Retry-After within the deadline; the pause answers within 2 s and is obeyed; one log line", async () => {
    expect((await post(ingest, "/api/v1/events", batch("before"))).status).toBe(200);
    expect(await decision()).toMatchObject({ value: true });
    logged.length = 0;
    locker = await lockFromAnotherProcess();

    for (let i = 0; i < 3; i++) {
      const { value: res, ms } = await timed(post(ingest, "/api/v1/events", batch(`locked-${i}`)));
      expect(res.status).toBe(503);
      expect(ms).toBeLessThan(2500);
      expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(await res.json()).toEqual({
        error: { code: "database_unavailable", message: expect.stringMatching(/unavailable.*nothing was stored/) },
      });
    }

    const { stateChangeStream } = await import("../decision/state-stream");
    const abort = new AbortController();
    const reader = stateChangeStream({ lastEventId: null, signal: abort.signal }).getReader();
    const { value: paused, ms } = await timed(post(pause, "/api/v1/features/locked-feature/pause", { reason: "lock drill" }));
    // open streams heard it at once, from memory: an event without an id, marked not stored
    let text = "";
    while (!text.includes("event: paused")) text += new TextDecoder().decode((await reader.read()).value);
    abort.abort();
    expect(text).toMatch(/event: paused\ndata: \{[^\n]*"feature":"locked-feature"[^\n]*"stored":false/);
    expect(text).not.toMatch(/^id: /m);
    expect(ms).toBeLessThan(2000);
    expect(paused.status).toBe(202);
    expect((await paused.json()).warning.message).toMatch(/in effect.*database is unavailable/);
    expect(await decision()).toMatchObject({ value: false, reason: "DISABLED" });

    const h = await health(new Request("http://localhost/api/health"), params(""));
    expect(h.status).toBe(503);
    expect(await h.json()).toMatchObject({ status: "degraded", database: { writable: false, fault: { kind: "database_unavailable" } } });

    const faultLines = logged.filter((l) => l.includes("database fault"));
    expect(faultLines).toHaveLength(1);
    expect(logged.filter((l) => l.includes("unhandled error") || l.includes("    at "))).toEqual([]);
  });

  it("recovers when the other process lets go: ingest, the stored pause, resume", async () => {
    locker!.send("release");
    await new Promise((r) => locker!.once("exit", r));
    locker = null;
    expect((await post(ingest, "/api/v1/events", batch("after"))).status).toBe(200);
    expect(logged.filter((l) => l.includes("database fault over"))).toHaveLength(1);
    const { db } = await import("../db");
    await expect
      .poll(async () => (await db.feature.findUniqueOrThrow({ where: { key: "locked-feature" } })).state, { timeout: 8000, interval: 200 })
      .toBe("paused");
    expect((await post(resume, "/api/v1/features/locked-feature/resume", { reason: "lock released" })).status).toBe(200);
    expect(await decision()).toMatchObject({ value: true });
    expect((await health(new Request("http://localhost/api/health"), params(""))).status).toBe(200);
  });
});
