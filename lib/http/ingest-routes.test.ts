import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST, OPTIONS } from "@/app/api/v1/events/route";
import { NEXT_SAYS, serveLaneBeforeNext, type RouteServer } from "../testing/route-server";
import { MAX_BODY_BYTES, MAX_EVENTS_PER_BATCH } from "../schemas/events";
import { createClientKey, revokeApiKey } from "../data/api-keys";
import { givenFeature, givenKey } from "../testing/fixtures";
import { appLane } from "./app-lane";

// The app server (scripts/app-server.ts) answers POST /api/v1/events on its lean lane, ahead of
// Next.js; `next dev` answers it with the route file. Both must say the same to a product: each
// request below goes through both, over real HTTP for the lane, and status and body must match.

let server: RouteServer;
let base = "";
let key: string;

beforeAll(async () => {
  await givenFeature("lane-test");
  key = await givenKey(["ingest"]);
  server = await serveLaneBeforeNext(appLane());
  base = server.url;
});

afterAll(() => server.close());

type Case = { method?: "POST" | "OPTIONS"; body?: string; headers?: Record<string, string> };

/** `make` is called once per path, with its name, for ids of its own: the writes of one must not turn the other's into duplicates. */
async function both(make: (path: string) => Case) {
  const send = (c: Case) => ({ method: c.method ?? "POST", headers: { "content-type": "application/json", ...c.headers }, body: c.body });
  const viaLane = await fetch(`${base}/api/v1/events`, send(make("lane")));
  const request = new Request(`${base}/api/v1/events`, send(make("route")));
  const method = request.method;
  const viaRoute = method === "POST" ? await POST(request, {}) : await OPTIONS(request, {});
  const read = async (r: Response) => ({ status: r.status, body: await r.text(), cors: r.headers.get("access-control-allow-origin") });
  return { lane: await read(viaLane), route: await read(viaRoute) };
}

const auth = () => ({ authorization: `Bearer ${key}` });
const output = (id: string) => ({ type: "output", id, feature: "lane-test", confidence: 0.9 });

describe("the ingest lane answers as the route file does", () => {
  it.each([
    ["200, accepted", (p: string) => ({ body: JSON.stringify({ events: [output(`${p}-1`), output(`${p}-2`)] }), headers: auth() })],
    [
      "200, the same batch again: duplicates",
      (p: string) => ({ body: JSON.stringify({ events: [output(`${p}-1`), output(`${p}-2`)] }), headers: auth() }),
    ],
    [
      "207, per-event rejections",
      (p: string) => ({
        body: JSON.stringify({ events: [output(`${p}-3`), { type: "bogus" }, { ...output(`${p}-4`), feature: "nope" }] }),
        headers: auth(),
      }),
    ],
    ["401, no key", () => ({ body: JSON.stringify({ events: [] }) })],
    ["401, a wrong key", () => ({ body: JSON.stringify({ events: [] }), headers: { authorization: "Bearer rg_not-a-key" } })],
    ["400, not JSON", () => ({ body: "{not json", headers: auth() })],
    ["400, no events array", () => ({ body: JSON.stringify({ event: [] }), headers: auth() })],
    [
      "413, too many events",
      () => ({
        body: JSON.stringify({ events: Array.from({ length: MAX_EVENTS_PER_BATCH + 1 }, (_, i) => output(`m-${i}`)) }),
        headers: auth(),
      }),
    ],
    [
      "204, a CORS preflight",
      () => ({ method: "OPTIONS" as const, headers: { origin: "https://app.example.com", "access-control-request-method": "POST" } }),
    ],
  ])("%s", async (_, make) => {
    const { lane, route } = await both(make);
    expect(lane).toEqual(route);
  });

  it("refuses a body over the limit with the route's 413 and error body", async () => {
    const body = JSON.stringify({ events: [], pad: "x".repeat(MAX_BODY_BYTES) });
    const { lane, route } = await both(() => ({ body, headers: auth() }));
    expect(lane.status).toBe(413);
    expect(JSON.parse(lane.body)).toEqual(JSON.parse(route.body));
  });

  it("refuses a browser's body over the limit with the CORS headers its origin is allowed, as the route does", async () => {
    const origin = "https://shop.example";
    const { key: clientKey } = await createClientKey({ name: "widget", featureKeys: ["lane-test"], origins: [origin], actor: "test" });
    const body = JSON.stringify({ events: [], pad: "x".repeat(MAX_BODY_BYTES) });
    const { lane, route } = await both(() => ({ body, headers: { authorization: `Bearer ${clientKey}`, origin } }));
    expect(lane.status).toBe(413);
    expect(lane.cors).toBe(origin); // without it the browser sees a network error, not the error body
    expect(lane).toEqual(route);
  });

  it("leaves every other path and method on it to Next.js, body unread", async () => {
    const other = await fetch(`${base}/api/v1/features`, { method: "POST", body: "{}" });
    expect([other.status, await other.text()]).toEqual([NEXT_SAYS, "next"]);
    const page = await fetch(`${base}/api/v1/events/extra`);
    expect(page.status).toBe(NEXT_SAYS);
  });

  it("a key revoked between two batches is refused on the next one, on the lane as on the route", async () => {
    const mine = await givenKey(["ingest"]);
    const batch = (p: string) => ({ body: JSON.stringify({ events: [output(`${p}-r1`)] }), headers: { authorization: `Bearer ${mine}` } });
    const before = await both(batch);
    expect([before.lane.status, before.route.status]).toEqual([200, 200]);
    await revokeApiKey(mine.slice(0, 10), "test");
    const after = await both((p) => batch(`${p}-again`));
    expect(after.lane.status).toBe(401);
    expect(after.lane).toEqual(after.route);
  });

  it("answers a method the endpoint does not take with 405 and the one error body", async () => {
    const res = await fetch(`${base}/api/v1/events`);
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST, OPTIONS");
    expect((await res.json()).error.code).toBe("method_not_allowed");
  });
});
