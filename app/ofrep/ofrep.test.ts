import { OFREPProvider } from "@openfeature/ofrep-provider";
import { ErrorCode, OpenFeature } from "@openfeature/server-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revokeApiKey } from "@/lib/data/api-keys";
import { bucketOf, inAudience } from "@/lib/domain/targeting";
import { givenFeature, givenKey } from "@/lib/testing/fixtures";
import { appLane } from "@/lib/http/app-lane";
import { liveLoopRoutes, serveWithLane, type RouteServer } from "@/lib/testing/route-server";

// The decision API as a product integrates it: the official OpenFeature SDK with the OFREP
// provider, over HTTP, against the app as its server process serves it: OFREP (and ingest) on the
// app server's lean lane, the other routes (pause, resume, streams) behind it.

let server: RouteServer;
let evaluateKey: string;
let operateKey: string;

beforeAll(async () => {
  await givenFeature("meeting-summary", "full");
  await givenFeature("code-assist", "early-access");
  evaluateKey = await givenKey(["evaluate"]);
  operateKey = await givenKey(["operate"]);
  server = await serveWithLane(appLane(), await liveLoopRoutes());
  await OpenFeature.setProviderAndWait(new OFREPProvider({ baseUrl: server.url, headers: [["Authorization", `Bearer ${evaluateKey}`]] }));
});

afterAll(async () => {
  await OpenFeature.close();
  await server.close();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(server.url + path, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${evaluateKey}`, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

describe("OpenFeature SDK through the OFREP provider", () => {
  it("serves the AI answer to a unit in a full rollout, with phase, threshold and review flag", async () => {
    const details = await OpenFeature.getClient().getBooleanDetails("meeting-summary", false, { targetingKey: "user-1" });
    expect(details).toMatchObject({
      value: true,
      variant: "ai",
      reason: "TARGETING_MATCH",
      flagMetadata: { phase: "full", confidenceThreshold: 0.8, humanReview: false },
    });
  });

  it("answers false with reason DISABLED after a pause, for every unit, and true again after resume", async () => {
    const client = OpenFeature.getClient();
    const paused = await post(
      "/api/v1/features/meeting-summary/pause",
      { reason: "summaries attribute action items to the wrong people" },
      { authorization: `Bearer ${operateKey}` },
    );
    expect(paused.status).toBe(200);
    for (const unit of ["user-1", "user-2", "user-3"]) {
      const d = await client.getBooleanDetails("meeting-summary", true, { targetingKey: unit });
      expect(d).toMatchObject({ value: false, variant: "fallback", reason: "DISABLED" });
    }
    const resumed = await post(
      "/api/v1/features/meeting-summary/resume",
      { reason: "owner fix deployed" },
      { authorization: `Bearer ${operateKey}` },
    );
    expect(resumed.status).toBe(200);
    expect(await client.getBooleanValue("meeting-summary", false, { targetingKey: "user-1" })).toBe(true);
  });

  it("keeps units outside a 5 % early-access audience on the fallback, deterministically", async () => {
    const client = OpenFeature.getClient();
    const units = Array.from({ length: 200 }, (_, i) => `dev-${i}`);
    const values = await Promise.all(units.map((u) => client.getBooleanValue("code-assist", false, { targetingKey: u })));
    const expected = units.map((u) => inAudience(bucketOf("code-assist", u), 5));
    expect(values).toEqual(expected);
    expect(values.filter(Boolean).length).toBeGreaterThan(0);
    expect(values.filter(Boolean).length).toBeLessThan(30);
  });

  it("reports an unknown flag as FLAG_NOT_FOUND and a missing unit as TARGETING_KEY_MISSING", async () => {
    const client = OpenFeature.getClient();
    expect(await client.getBooleanDetails("no-such-feature", false, { targetingKey: "u" })).toMatchObject({
      value: false,
      errorCode: ErrorCode.FLAG_NOT_FOUND,
    });
    expect(await client.getBooleanDetails("meeting-summary", false, {})).toMatchObject({
      value: false,
      errorCode: ErrorCode.TARGETING_KEY_MISSING,
    });
  });
});

describe("OFREP over raw HTTP", () => {
  it("uses the protocol's error bodies and status codes", async () => {
    const notFound = await post("/ofrep/v1/evaluate/flags/nope", { context: { targetingKey: "u" } });
    expect(notFound.status).toBe(404);
    expect(await notFound.json()).toEqual({ key: "nope", errorCode: "FLAG_NOT_FOUND", errorDetails: expect.any(String) });

    const parse = await post("/ofrep/v1/evaluate/flags/meeting-summary", "{not json");
    expect(parse.status).toBe(400);
    expect(await parse.json()).toMatchObject({ key: "meeting-summary", errorCode: "PARSE_ERROR" });

    const invalid = await post("/ofrep/v1/evaluate/flags/meeting-summary", { context: { targetingKey: 42 } });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ errorCode: "INVALID_CONTEXT" });
  });

  it("accepts the key as X-API-Key, refuses a missing key (401) and a key without the evaluate scope (403)", async () => {
    const viaHeader = await post(
      "/ofrep/v1/evaluate/flags/meeting-summary",
      { context: { targetingKey: "u" } },
      { authorization: "", "x-api-key": evaluateKey },
    );
    expect(viaHeader.status).toBe(200);
    expect((await post("/ofrep/v1/evaluate/flags/meeting-summary", {}, { authorization: "" })).status).toBe(401);
    expect((await post("/ofrep/v1/evaluate/flags/meeting-summary", {}, { authorization: `Bearer ${operateKey}` })).status).toBe(403);
  });

  it("stops accepting a key on the request right after it is revoked", async () => {
    const key = await givenKey(["evaluate"]);
    const ok = await post(
      "/ofrep/v1/evaluate/flags/meeting-summary",
      { context: { targetingKey: "u" } },
      { authorization: `Bearer ${key}` },
    );
    expect(ok.status).toBe(200); // now cached
    await revokeApiKey(key.slice(0, 10), "test");
    const after = await post(
      "/ofrep/v1/evaluate/flags/meeting-summary",
      { context: { targetingKey: "u" } },
      { authorization: `Bearer ${key}` },
    );
    expect(after.status).toBe(401);
  });

  it("answers bulk evaluation with an ETag, 304 while nothing changed, and the new state after a pause", async () => {
    const ctx = { context: { targetingKey: "user-1" } };
    const first = await post("/ofrep/v1/evaluate/flags", ctx);
    expect(first.status).toBe(200);
    const etag = first.headers.get("etag")!;
    const { flags } = (await first.json()) as { flags: { key: string; value: boolean }[] };
    expect(flags.find((f) => f.key === "meeting-summary")?.value).toBe(true);

    expect((await post("/ofrep/v1/evaluate/flags", ctx, { "if-none-match": etag })).status).toBe(304);

    await post("/api/v1/features/meeting-summary/pause", { reason: "bulk test" }, { authorization: `Bearer ${operateKey}` });
    const changed = await post("/ofrep/v1/evaluate/flags", ctx, { "if-none-match": etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    const after = (await changed.json()) as { flags: { key: string; value: boolean; reason: string }[] };
    expect(after.flags.find((f) => f.key === "meeting-summary")).toMatchObject({ value: false, reason: "DISABLED" });
  });
});
