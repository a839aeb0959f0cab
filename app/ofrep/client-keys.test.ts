import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClientKey } from "@/lib/data/api-keys";
import { DECISION_ROUTES } from "@/lib/decision/routes";
import { givenFeature, givenKey } from "@/lib/testing/fixtures";
import { liveLoopRoutes, serveRoutes, type RouteServer } from "@/lib/testing/route-server";

// Keys a browser may hold: evaluate and thumbs feedback only, for the features they name, from
// the origins they allow — answered by CORS on the decision API (app and listener) and on ingest.

const SITE = "https://shop.example.com";
let app: RouteServer;
let lean: RouteServer;
let clientKey: string;
let serverKey: string;

beforeAll(async () => {
  await givenFeature("browser-answer", "full");
  await givenFeature("backend-only", "full");
  clientKey = (
    await createClientKey({ name: "web", featureKeys: ["browser-answer"], origins: [SITE, "http://localhost:5173"], actor: "test" })
  ).key;
  serverKey = await givenKey(["ingest", "evaluate", "operate", "read"]);
  app = await serveRoutes(await liveLoopRoutes());
  lean = await serveRoutes(DECISION_ROUTES, { lite: true });
});

afterAll(async () => {
  await app.close();
  await lean.close();
});

const call = (
  base: string,
  path: string,
  init: { method?: string; key?: string; origin?: string; body?: unknown; headers?: Record<string, string> },
) =>
  fetch(base + path, {
    method: init.method ?? "POST",
    headers: {
      ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
      ...(init.key ? { authorization: `Bearer ${init.key}` } : {}),
      ...(init.origin ? { origin: init.origin } : {}),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });

describe.each([
  ["the decision listener", () => lean],
  ["the app", () => app],
])("a client-side key on %s", (_, server) => {
  it("gets a preflight answer for its origins only", async () => {
    const ok = await call(server().url, "/ofrep/v1/evaluate/flags", {
      method: "OPTIONS",
      origin: SITE,
      headers: { "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type" },
    });
    expect(ok.status).toBe(204);
    expect(ok.headers.get("access-control-allow-origin")).toBe(SITE);
    expect(ok.headers.get("access-control-allow-methods")).toContain("POST");
    expect(ok.headers.get("access-control-allow-headers")).toContain("authorization");
    const other = await call(server().url, "/ofrep/v1/evaluate/flags", {
      method: "OPTIONS",
      origin: "https://evil.example.net",
      headers: { "access-control-request-method": "POST" },
    });
    expect(other.status).toBe(403);
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("evaluates only the features it names, from an allowed origin, with CORS headers", async () => {
    const bulk = await call(server().url, "/ofrep/v1/evaluate/flags", {
      key: clientKey,
      origin: SITE,
      body: { context: { targetingKey: "u-1" } },
    });
    expect(bulk.status).toBe(200);
    expect(bulk.headers.get("access-control-allow-origin")).toBe(SITE);
    expect(bulk.headers.get("access-control-expose-headers")).toBe("ETag");
    expect((await bulk.json()).flags.map((f: { key: string }) => f.key)).toEqual(["browser-answer"]);
    const notNamed = await call(server().url, "/ofrep/v1/evaluate/flags/backend-only", {
      key: clientKey,
      origin: SITE,
      body: { context: { targetingKey: "u-1" } },
    });
    expect(notNamed.status).toBe(403);
    const otherSite = await call(server().url, "/ofrep/v1/evaluate/flags/browser-answer", {
      key: clientKey,
      origin: "https://evil.example.net",
      body: { context: { targetingKey: "u-1" } },
    });
    expect(otherSite.status).toBe(403);
    expect((await otherSite.json()).error.code).toBe("origin_not_allowed");
  });

  it("cannot read the server's state stream", async () => {
    const res = await call(server().url, "/api/v1/stream", { method: "GET", key: clientKey });
    expect(res.status).toBe(403);
  });

  it("leaves a server key server-only: a browser presenting one is refused", async () => {
    const res = await call(server().url, "/ofrep/v1/evaluate/flags/browser-answer", {
      key: serverKey,
      origin: SITE,
      body: { context: { targetingKey: "u-1" } },
    });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("server_key_in_browser");
    const fromServer = await call(server().url, "/ofrep/v1/evaluate/flags/browser-answer", {
      key: serverKey,
      body: { context: { targetingKey: "u-1" } },
    });
    expect(fromServer.status).toBe(200);
  });
});

describe("a client-side key on the ingest API", () => {
  it("sends thumbs feedback for its feature, and nothing else", async () => {
    const output = await call(app.url, "/api/v1/events", {
      key: serverKey,
      body: { events: [{ type: "output", id: "o-thumb", feature: "browser-answer", confidence: 0.9 }] },
    });
    expect(output.status).toBe(200);
    const pre = await call(app.url, "/api/v1/events", {
      method: "OPTIONS",
      origin: SITE,
      headers: { "access-control-request-method": "POST" },
    });
    expect(pre.status).toBe(204);
    const thumbs = await call(app.url, "/api/v1/events", {
      key: clientKey,
      origin: SITE,
      body: {
        events: [
          { type: "feedback", outputId: "o-thumb", feature: "browser-answer", value: "down" },
          { type: "output", id: "o-sneaky", feature: "browser-answer", confidence: 0.9 },
        ],
      },
    });
    expect(thumbs.status).toBe(207);
    expect(thumbs.headers.get("access-control-allow-origin")).toBe(SITE);
    const body = await thumbs.json();
    expect(body.accepted).toBe(1);
    expect(body.rejected).toEqual([{ index: 1, code: "forbidden_type", message: expect.any(String) }]);
  });

  it("cannot pause a feature", async () => {
    const res = await call(app.url, "/api/v1/features/browser-answer/pause", { key: clientKey, body: { reason: "from a browser" } });
    expect(res.status).toBe(403);
  });
});
