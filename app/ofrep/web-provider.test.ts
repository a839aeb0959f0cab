import { OFREPWebProvider } from "@openfeature/ofrep-web-provider";
import { OpenFeature } from "@openfeature/web-sdk";
import { EventSource } from "eventsource";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pauseFeature } from "@/lib/use-cases/pause";
import { resumeFeature } from "@/lib/use-cases/resume";
import { DECISION_ROUTES } from "@/lib/decision/routes";
import { givenFeature, givenKey } from "@/lib/testing/fixtures";
import { liveLoopRoutes, serveRoutes, type RouteServer } from "@/lib/testing/route-server";

// The browser path with the official clients: @openfeature/web-sdk + @openfeature/ofrep-web-provider
// with DEFAULT options (no polling): the provider hears a pause only through the OFREP change
// notifications (ADR-0008) that the bulk evaluation advertises. Node has no EventSource: the
// `eventsource` package stands in for the browser's (e2e/browser-widget.spec.ts runs chromium's).

(globalThis as { EventSource?: unknown }).EventSource ??= EventSource;

let app: RouteServer;
let lean: RouteServer;
let key: string;

beforeAll(async () => {
  await givenFeature("web-answer", "full");
  key = await givenKey(["evaluate"]);
  app = await serveRoutes(await liveLoopRoutes());
  lean = await serveRoutes(DECISION_ROUTES, { lite: true });
});

afterAll(async () => {
  await OpenFeature.close();
  await app.close();
  await lean.close();
});

/** Resolves with the milliseconds until `read()` returns `want`; rejects after `withinMs`. */
async function until(read: () => boolean, want: boolean, withinMs: number): Promise<number> {
  const start = performance.now();
  for (;;) {
    if (read() === want) return performance.now() - start;
    if (performance.now() - start > withinMs) throw new Error(`still ${!want} after ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe.each([
  ["the decision listener", () => lean],
  ["the app's routes", () => app],
])("the official web provider with default options, against %s", (name, server) => {
  it("turns the AI answer off within 1 s of a pause and back on within 1 s of a resume, 20 times in a row", async () => {
    const domain = `web-${name}`;
    await OpenFeature.setProviderAndWait(
      domain,
      new OFREPWebProvider({ baseUrl: server().url, headers: [["Authorization", `Bearer ${key}`]] }),
    );
    await OpenFeature.setContext(domain, { targetingKey: "browser-user-1" });
    const client = OpenFeature.getClient(domain);
    const aiOn = () => client.getBooleanValue("web-answer", false);
    expect(aiOn()).toBe(true);
    const flips: number[] = [];
    for (let i = 0; i < 20; i++) {
      await pauseFeature({ key: "web-answer", actor: "test", reason: `web provider round ${i}` });
      flips.push(await until(aiOn, false, 1000));
      await resumeFeature({ key: "web-answer", actor: "test", reason: `web provider round ${i} done` });
      flips.push(await until(aiOn, true, 1000));
    }
    expect(flips).toHaveLength(40);
    await OpenFeature.getClient(domain).getBooleanValue("web-answer", false);
  }, 60_000);
});

describe("the advertised event stream", () => {
  const bulk = (base: string, headers: Record<string, string> = {}) =>
    fetch(`${base}/ofrep/v1/evaluate/flags`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}`, ...headers },
      body: JSON.stringify({ context: { targetingKey: "u-1" } }),
    });

  it("is an SSE endpoint with an inactivity delay, as ADR-0008 describes", async () => {
    const body = await (await bulk(lean.url)).json();
    expect(body.eventStreams).toEqual([
      { type: "sse", endpoint: { requestUri: expect.stringMatching(/^\/api\/v1\/flag-events\?token=v1\./) }, inactivityDelaySec: 120 },
    ]);
  });

  it("sends refetchEvaluation messages with the change id, resumes after Last-Event-ID, and refuses a revoked key", async () => {
    const own = await givenKey(["evaluate"]);
    const { eventStreams } = await (await bulk(lean.url, { authorization: `Bearer ${own}` })).json();
    const url = lean.url + eventStreams[0].endpoint.requestUri;
    const abort = new AbortController();
    const res = await fetch(url, { signal: abort.signal });
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    let text = "";
    const readUntil = async (re: RegExp) => {
      while (!re.test(text)) text += new TextDecoder().decode((await reader.read()).value);
      return re.exec(text)!;
    };
    await readUntil(/: connected/);
    await pauseFeature({ key: "web-answer", actor: "test", reason: "stream format" });
    const m = await readUntil(/id: (\d+)\nevent: message\ndata: (\{.*\})\n\n/);
    expect(JSON.parse(m[2])).toEqual({ type: "refetchEvaluation", etag: `"c${m[1]}"`, lastModified: expect.any(Number) });
    abort.abort();

    // missed while away: one notification on reconnect
    await resumeFeature({ key: "web-answer", actor: "test", reason: "stream format done" });
    const again = await fetch(url, { headers: { "last-event-id": m[1] } });
    const r2 = again.body!.getReader();
    let t2 = "";
    while (!/event: message/.test(t2)) t2 += new TextDecoder().decode((await r2.read()).value);
    expect(Number(/id: (\d+)/.exec(t2)![1])).toBeGreaterThan(Number(m[1]));

    // revoked: the open stream ends and a new connection is refused
    const { revokeApiKey } = await import("@/lib/data/api-keys");
    await revokeApiKey(own.slice(0, 10), "test");
    for (;;) if ((await r2.read()).done) break;
    const refused = await fetch(url);
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.code).toBe("unauthorized");
  });

  it("refuses a forged or missing token", async () => {
    expect((await fetch(`${lean.url}/api/v1/flag-events`)).status).toBe(401);
    const forged = await fetch(`${lean.url}/api/v1/flag-events?token=v1.someone.9999999999.${"A".repeat(32)}`);
    expect(forged.status).toBe(401);
    expect((await forged.json()).error.code).toBe("invalid_token");
  });
});
