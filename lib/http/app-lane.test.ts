import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as single from "@/app/ofrep/v1/evaluate/flags/[key]/route";
import * as bulk from "@/app/ofrep/v1/evaluate/flags/route";
import { NEXT_SAYS, serveLaneBeforeNext, type RouteServer } from "../testing/route-server";
import { givenFeature, givenKey } from "../testing/fixtures";
import { appLane } from "./app-lane";

// The app server (scripts/app-server.ts) answers OFREP evaluation on its lean lane, ahead of
// Next.js; `next dev` answers it with the route files. A product must not tell them apart: each
// request below goes through both, over real HTTP for the lane, and status, body and CORS match.

let server: RouteServer;
let key: string;

beforeAll(async () => {
  await givenFeature("lane-flag", "full");
  key = await givenKey(["evaluate"]);
  server = await serveLaneBeforeNext(appLane());
});

afterAll(() => server.close());

type Case = { path: string; method?: "POST" | "OPTIONS"; body?: string; headers?: Record<string, string> };

async function both(c: Case) {
  const init = { method: c.method ?? "POST", headers: { "content-type": "application/json", ...c.headers }, body: c.body };
  const viaLane = await fetch(server.url + c.path, init);
  const request = new Request(server.url + c.path, init);
  const flag = c.path.match(/^\/ofrep\/v1\/evaluate\/flags\/([^/]+)$/)?.[1];
  const ctx = { params: Promise.resolve<Record<string, string>>(flag ? { key: decodeURIComponent(flag) } : {}) };
  const route = flag ? single : bulk;
  const viaRoute = await (init.method === "POST" ? route.POST(request, ctx) : route.OPTIONS(request, ctx));
  // the bulk answer's stream token is signed with the time of issue: the same for both but its stamp
  const read = async (r: Response) => ({
    status: r.status,
    body: (await r.text()).replace(/token=[^"]+/, "token=…"),
    cors: r.headers.get("access-control-allow-origin"),
    etag: r.headers.get("etag"),
  });
  return { lane: await read(viaLane), route: await read(viaRoute) };
}

const auth = () => ({ authorization: `Bearer ${key}` });
const context = JSON.stringify({ context: { targetingKey: "user-7", segment: "enterprise" } });

describe("the app lane answers OFREP as the route files do", () => {
  it.each<[string, () => Case]>([
    ["200, one flag", () => ({ path: "/ofrep/v1/evaluate/flags/lane-flag", body: context, headers: auth() })],
    ["404, a flag nobody made", () => ({ path: "/ofrep/v1/evaluate/flags/nope", body: context, headers: auth() })],
    ["401, no key", () => ({ path: "/ofrep/v1/evaluate/flags/lane-flag", body: context })],
    ["400, not JSON", () => ({ path: "/ofrep/v1/evaluate/flags/lane-flag", body: "{nope", headers: auth() })],
    [
      "400, a context that is not an object",
      () => ({ path: "/ofrep/v1/evaluate/flags/lane-flag", body: '{"context":3}', headers: auth() }),
    ],
    ["200, every flag (bulk)", () => ({ path: "/ofrep/v1/evaluate/flags", body: context, headers: auth() })],
    ["401, bulk without a key", () => ({ path: "/ofrep/v1/evaluate/flags", body: context })],
    [
      "204, a CORS preflight",
      () => ({
        path: "/ofrep/v1/evaluate/flags/lane-flag",
        method: "OPTIONS",
        headers: { origin: "https://app.example.com", "access-control-request-method": "POST" },
      }),
    ],
  ])("%s", async (_, make) => {
    const { lane, route } = await both(make());
    expect(lane).toEqual(route);
  });

  it("answers a bulk request whose ETag is current with 304, as the route does", async () => {
    const headers = { ...auth(), "content-type": "application/json" };
    const first = await fetch(`${server.url}/ofrep/v1/evaluate/flags`, { method: "POST", headers, body: context });
    expect(first.status).toBe(200);
    const etag = first.headers.get("etag")!;
    const { lane, route } = await both({ path: "/ofrep/v1/evaluate/flags", body: context, headers: { ...headers, "if-none-match": etag } });
    expect([lane.status, route.status]).toEqual([304, 304]);
  });

  it("leaves the other decision paths (streams, health) to Next.js", async () => {
    for (const path of ["/api/v1/stream", "/api/v1/flag-events", "/api/health", "/ofrep/v1/other"])
      expect((await fetch(server.url + path)).status, path).toBe(NEXT_SAYS);
  });
});
