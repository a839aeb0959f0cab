import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqliteFile } from "../env";
import { mountSmallDisk, type SmallDisk } from "../testing/small-disk";

// Fault injection: the database on a small filesystem that fills up (a tmpfs filled to the last
// byte by a filler file), then is freed — in one process, as the app runs. What the user gets:
// ingest 507 storage_full with Retry-After; a pause answers within 2 s and the decision API obeys
// it at once, from memory, with the operator told it is not stored; after the space is freed,
// ingest and pause work again without a restart and the pending pause is stored by itself.
// Where the machine does not allow a mount, SQLite's max_page_count stands in (second block).

// SQLite's faults: on PostgreSQL (TEST_DATABASE_URL) the server owns its disk, and both blocks are skipped.
const file = sqliteFile(process.env.DATABASE_URL);
const disk: SmallDisk | null = process.env.ROLLGUARD_TEST_NO_MOUNT || !file ? null : mountSmallDisk(file);
if (disk) process.env.DATABASE_URL = disk.databaseUrl;

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
let ingest: Handler, pause: Handler, resume: Handler, evaluate: Handler, health: Handler;
let key: string;
let fixtures: typeof import("../testing/fixtures");

const params = (k: string) => ({ params: Promise.resolve({ key: k }) });
const outputs = (prefix: string, n: number) => ({
  events: Array.from({ length: n }, (_, i) => ({
    type: "output",
    id: `${prefix}-${i}`,
    feature: "disk-feature",
    confidence: 0.97,
    input: "q".repeat(300),
  })),
});
const timed = async <T>(p: Promise<T>) => {
  const t = performance.now();
  const value = await p;
  return { value, ms: performance.now() - t };
};

beforeAll(async () => {
  fixtures = await import("../testing/fixtures");
  ingest = (await import("../../app/api/v1/events/route")).POST as Handler;
  pause = (await import("../../app/api/v1/features/[key]/pause/route")).POST as Handler;
  resume = (await import("../../app/api/v1/features/[key]/resume/route")).POST as Handler;
  evaluate = (await import("../../app/ofrep/v1/evaluate/flags/[key]/route")).POST as Handler;
  health = (await import("../../app/api/health/route")).GET as Handler;
  await fixtures.givenFeature("disk-feature", "full");
  key = await fixtures.givenKey();
});

afterAll(() => disk?.unmount());

const post = (h: Handler, url: string, body: unknown, k = key) => h(fixtures.jsonRequest(url, body, k), params(url.split("/")[4] ?? ""));
const decision = async (unit = "u-1") =>
  (await (
    await evaluate(
      fixtures.jsonRequest("/ofrep/v1/evaluate/flags/disk-feature", { context: { targetingKey: unit } }, key),
      params("disk-feature"),
    )
  ).json()) as { value: boolean; reason: string };

describe.runIf(disk)("a full disk (tmpfs filled to the last byte)", () => {
  it("ingest answers 507 storage_full with Retry-After; the pause answers within 2 s, is obeyed from memory, and the operator is told it is not stored", async () => {
    expect((await post(ingest, "/api/v1/events", outputs("before", 20))).status).toBe(200);
    expect(await decision()).toMatchObject({ value: true });
    const evaluateOnly = await fixtures.givenKey(["evaluate"]);
    disk!.fill();

    const full = await post(ingest, "/api/v1/events", outputs("full", 200));
    expect(full.status).toBe(507);
    expect(full.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await full.json()).toEqual({ error: { code: "storage_full", message: expect.stringMatching(/disk is full.*Free disk space/) } });
    // and again: no hang behind the failed one
    expect((await timed(post(ingest, "/api/v1/events", outputs("full-again", 200)))).value.status).toBe(507);

    const { value: paused, ms } = await timed(post(pause, "/api/v1/features/disk-feature/pause", { reason: "disk full drill" }));
    expect(ms).toBeLessThan(2000);
    expect(paused.status).toBe(202);
    const body = await paused.json();
    expect(body).toMatchObject({ feature: "disk-feature", state: "paused", stored: false, warning: { code: "pause_not_stored" } });
    expect(body.warning.message).toMatch(/in effect.*disk is full.*free disk space/i);
    expect(await decision()).toMatchObject({ value: false, reason: "DISABLED" });

    // the decision path writes nothing per request: a key not seen before still evaluates
    const fresh = await evaluate(
      fixtures.jsonRequest("/ofrep/v1/evaluate/flags/disk-feature", { context: { targetingKey: "u-2" } }, evaluateOnly),
      params("disk-feature"),
    );
    expect(fresh.status).toBe(200);
    expect(await fresh.json()).toMatchObject({ value: false, reason: "DISABLED" });

    // a second pause is refused as a pause already in effect, at once
    const again = await timed(post(pause, "/api/v1/features/disk-feature/pause", { reason: "again" }));
    expect(again.ms).toBeLessThan(2000);
    expect(again.value.status).toBe(409);

    // health says the database does not take writes, with a non-200 status
    const h = await health(new Request("http://localhost/api/health"), params(""));
    expect(h.status).toBe(503);
    expect(await h.json()).toMatchObject({
      status: "degraded",
      database: { writable: false, fault: { kind: "storage_full" } },
      pendingPauses: ["disk-feature"],
    });
  });

  it("after the space is freed: ingest and pause work again without a restart, and the pending pause is stored by itself", async () => {
    disk!.free();
    const { db } = await import("../db");
    await expect
      .poll(async () => (await db.feature.findUniqueOrThrow({ where: { key: "disk-feature" } })).state, { timeout: 8000, interval: 200 })
      .toBe("paused");
    expect(await db.auditEvent.count({ where: { action: "feature.pause", target: "disk-feature", reason: "disk full drill" } })).toBe(1);
    expect((await post(ingest, "/api/v1/events", outputs("after", 20))).status).toBe(200);
    expect(await decision()).toMatchObject({ value: false });

    const resumed = await post(resume, "/api/v1/features/disk-feature/resume", { reason: "disk freed" });
    expect(resumed.status).toBe(200);
    expect(await decision()).toMatchObject({ value: true });
    const pausedAgain = await timed(post(pause, "/api/v1/features/disk-feature/pause", { reason: "after recovery" }));
    expect(pausedAgain.value.status).toBe(200);
    expect(await pausedAgain.value.json()).toMatchObject({ stored: true });
    expect(pausedAgain.ms).toBeLessThan(2000);

    const h = await health(new Request("http://localhost/api/health"), params(""));
    expect(await h.json()).toMatchObject({ database: { writable: true, fault: null } });
  });
});

describe.runIf(!disk && file)("a full database (SQLite max_page_count, where mounting a small disk is not allowed)", () => {
  it("ingest answers 507 storage_full, pause still answers within 2 s and is obeyed, and raising the limit recovers", async () => {
    const { db, dbReady, sqlite } = await import("../db");
    await dbReady();
    const pages = Number(sqlite().pragma("page_count", { simple: true }));
    sqlite().pragma(`max_page_count = ${pages}`);
    await db.$queryRawUnsafe(`PRAGMA max_page_count = ${pages}`);
    const full = await post(ingest, "/api/v1/events", outputs("mpc", 500));
    expect(full.status).toBe(507);
    expect(full.headers.get("retry-after")).toBeTruthy();
    const { value: paused, ms } = await timed(post(pause, "/api/v1/features/disk-feature/pause", { reason: "mpc drill" }));
    expect(ms).toBeLessThan(2000);
    expect([200, 202]).toContain(paused.status);
    expect(await decision()).toMatchObject({ value: false, reason: "DISABLED" });
    sqlite().pragma("max_page_count = 1073741823");
    await db.$queryRawUnsafe("PRAGMA max_page_count = 1073741823");
    expect((await post(ingest, "/api/v1/events", outputs("mpc-after", 20))).status).toBe(200);
  });
});
