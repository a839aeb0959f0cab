import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authSecret } from "../auth/secret";
import { db } from "../db";
import { createUser } from "../data/users";
import { DECISION_ROUTES } from "../decision/routes";
import { givenFeature, givenKey, jsonRequest } from "../testing/fixtures";
import { liveLoopRoutes, serveRoutes, type RouteServer } from "../testing/route-server";

// Malformed input gets a 4xx with the one error body — never a 500, never a broken stream — and
// input that is well-formed but wrong is refused or cannot undo newer data.

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
let app: RouteServer;
let lean: RouteServer;
let key: string;
let cookie: string;
let metrics: Handler;
let ingest: Handler;

beforeAll(async () => {
  await givenFeature("bad-input", "full");
  key = await givenKey();
  const uid = (await createUser({ email: "bad-input-op@example.com", password: "operator-password-1", role: "operator" }, "test"))!.id;
  cookie = `next-auth.session-token=${await encode({ token: { uid }, secret: authSecret() })}`;
  metrics = (await import("../../app/api/v1/features/[key]/metrics/route")).GET as Handler;
  ingest = (await import("../../app/api/v1/events/route")).POST as Handler;
  app = await serveRoutes(await liveLoopRoutes());
  lean = await serveRoutes(DECISION_ROUTES, { maxBodyBytes: 64 * 1024, lite: true });
});

afterAll(async () => {
  await app.close();
  await lean.close();
});

const send = (events: unknown[]) => ingest(jsonRequest("/api/v1/events", { events }, key), { params: Promise.resolve({}) });
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

describe("400 for malformed times, paths and headers", () => {
  it.each([
    ["from beyond the date range", "from=99999999999999999999"],
    ["to beyond year 9999", "to=9999999999999999"],
    ["an impossible ISO date", "from=2026-02-30T25:00:00Z"],
  ])("metrics with %s → 400", async (_, query) => {
    const res = await metrics(
      new Request(`http://localhost/api/v1/features/bad-input/metrics?${query}`, { headers: { authorization: `Bearer ${key}` } }),
      { params: Promise.resolve({ key: "bad-input" }) },
    );
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toBe("invalid_request");
  });

  it("a %ZZ path on the decision listener → 400", async () => {
    const res = await fetch(`${lean.url}/ofrep/v1/evaluate/flags/%ZZ`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: "{}",
    });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toBe("invalid_path");
  });

  it.each([
    ["the app", () => app.url],
    ["the decision listener", () => lean.url],
  ])("a Last-Event-ID above 2^63 on %s → 400, not a broken stream", async (_, base) => {
    const res = await fetch(`${base()}/api/v1/stream`, {
      headers: { authorization: `Bearer ${key}`, "last-event-id": "18446744073709551617" },
    });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toBe("invalid_last_event_id");
  });

  it("Origin: null on a session POST → 400; nothing changes", async () => {
    const res = await fetch(`${app.url}/api/v1/features/bad-input/pause`, {
      method: "POST",
      headers: { cookie, origin: "null", "content-type": "application/json" },
      body: JSON.stringify({ reason: "sandboxed frame" }),
    });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toBe("invalid_origin");
    expect((await db.feature.findUniqueOrThrow({ where: { key: "bad-input" } })).state).toBe("running");
  });

  it("without ROLLGUARD_TRUST_PROXY a forged X-Forwarded-Host does not pass the Origin check", async () => {
    const host = new URL(app.url).host;
    const res = await fetch(`${app.url}/api/v1/features/bad-input/pause`, {
      method: "POST",
      headers: { cookie, origin: "https://evil.example", "x-forwarded-host": "evil.example", "content-type": "application/json" },
      body: JSON.stringify({ reason: "forged" }),
    });
    expect(res.status).toBe(403);
    expect(host).not.toBe("evil.example");
  });
});

describe("bodies: only JSON, only UTF-8", () => {
  const raw = (body: BodyInit, type = "application/json") =>
    fetch(`${app.url}/api/v1/events`, { method: "POST", headers: { "content-type": type, authorization: `Bearer ${key}` }, body });

  it("application/json-seq and +json types → 415", async () => {
    for (const type of ["application/json-seq", "application/problem+json", "text/json"]) {
      const res = await raw(JSON.stringify({ events: [] }), type);
      expect(res.status).toBe(415);
    }
    expect((await raw(JSON.stringify({ events: [] }), "application/json; charset=utf-8")).status).toBe(200);
  });

  it("invalid UTF-8 bytes → 400 invalid_utf8", async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"events":[{"type":"output","id":"u1","feature":"bad-input","confidence":0.5,"input":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}]}'),
    ]);
    const res = await raw(bytes);
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toBe("invalid_utf8");
  });

  it("a lone surrogate escape → 400 invalid_utf8, nothing stored", async () => {
    const res = await raw('{"events":[{"type":"output","id":"s1","feature":"bad-input","confidence":0.5,"input":"abc\\ud800"}]}');
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toBe("invalid_utf8");
    expect(await db.output.count({ where: { clientId: "s1" } })).toBe(0);
  });
});

describe("timestamps and the order of changes", () => {
  it("timestamps in year 1 or 1900 are refused with timestamp_out_of_range; 2000 onwards is taken", async () => {
    const res = await send([
      { type: "output", id: "t-year1", feature: "bad-input", confidence: 0.9, timestamp: "0001-01-01T00:00:00Z" },
      { type: "output", id: "t-1900", feature: "bad-input", confidence: 0.9, timestamp: "1900-06-01T00:00:00Z" },
      { type: "output", id: "t-1999", feature: "bad-input", confidence: 0.9, timestamp: Date.UTC(1999, 11, 31) },
      { type: "output", id: "t-2000", feature: "bad-input", confidence: 0.9, timestamp: "2000-01-01T00:00:00Z" },
    ]);
    expect(res.status).toBe(207);
    const body = await res.json();
    expect(body.accepted).toBe(1);
    expect(body.rejected.map((r: { index: number; code: string }) => [r.index, r.code])).toEqual([
      [0, "timestamp_out_of_range"],
      [1, "timestamp_out_of_range"],
      [2, "timestamp_out_of_range"],
    ]);
  });

  it("a resent older label or thumb never overwrites a newer one", async () => {
    const t = Date.now() - 60_000;
    await send([{ type: "output", id: "order-1", feature: "bad-input", confidence: 0.9, timestamp: t }]);
    const older = [
      { type: "label", outputId: "order-1", feature: "bad-input", correct: true, timestamp: t + 1000 },
      { type: "feedback", outputId: "order-1", feature: "bad-input", value: "up", timestamp: t + 1000 },
    ];
    const newer = [
      { type: "label", outputId: "order-1", feature: "bad-input", correct: false, timestamp: t + 2000 },
      { type: "feedback", outputId: "order-1", feature: "bad-input", value: "down", timestamp: t + 2000 },
    ];
    await send(older);
    await send(newer);
    const resent = await (await send(older)).json();
    expect(resent).toMatchObject({ accepted: 0, duplicates: 2 });
    const outputId = (await db.output.findFirstOrThrow({ where: { clientId: "order-1" } })).id;
    expect((await db.label.findFirstOrThrow({ where: { outputId } })).correct).toBe(false);
    expect((await db.feedback.findUniqueOrThrow({ where: { outputId } })).value).toBe("down");
  });
});
