import { beforeAll, describe, expect, it, vi } from "vitest";

// Small allowances for this file only (read once, when the limiters are first used).
vi.hoisted(() => {
  process.env.ROLLGUARD_INGEST_RATE_LIMIT = "3";
  process.env.ROLLGUARD_EVALUATE_RATE_LIMIT = "5";
});

import { POST as ingest } from "@/app/api/v1/events/route";
import { POST as pause } from "@/app/api/v1/features/[key]/pause/route";
import { POST as evaluateAll } from "@/app/ofrep/v1/evaluate/flags/route";
import { POST as evaluate } from "@/app/ofrep/v1/evaluate/flags/[key]/route";
import { givenFeature, givenKey, jsonRequest } from "@/lib/testing/fixtures";

const params = (key: string) => ({ params: Promise.resolve({ key }) });
const send = (key: string, id: string) =>
  ingest(jsonRequest("/api/v1/events", { events: [{ type: "output", id, feature: "limited", confidence: 0.9 }] }, key), {});
const ask = (key: string) =>
  evaluate(jsonRequest("/ofrep/v1/evaluate/flags/limited", { context: { targetingKey: "u1" } }, key), params("limited"));

async function expectRateLimited(res: Response, scope: string, limit: number) {
  expect(res.status).toBe(429);
  const retryAfter = Number(res.headers.get("retry-after"));
  expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
  expect(await res.json()).toEqual({
    error: {
      code: "rate_limited",
      message: expect.stringContaining(`${limit} ${scope} requests per minute`),
      details: { scope, limitPerMinute: limit, retryAfterSeconds: retryAfter },
    },
  });
}

beforeAll(async () => {
  await givenFeature("limited", "full");
});

describe("per-key rate limits", () => {
  it("ingest: the allowance passes, the next request gets 429 with Retry-After and the error body, and stores nothing", async () => {
    const key = await givenKey(["ingest"]);
    for (let i = 0; i < 3; i++) expect((await send(key, `ok-${i}`)).status).toBe(200);
    await expectRateLimited(await send(key, "over"), "ingest", 3);
    const { db } = await import("@/lib/db");
    expect(await db.output.count({ where: { clientId: "over" } })).toBe(0);
  });

  it("counts per key: another key still has its own allowance", async () => {
    const other = await givenKey(["ingest"]);
    expect((await send(other, "other-1")).status).toBe(200);
  });

  it("evaluate: single and bulk evaluations share the key's allowance", async () => {
    const key = await givenKey(["evaluate"]);
    for (let i = 0; i < 4; i++) expect((await ask(key)).status).toBe(200);
    expect((await evaluateAll(jsonRequest("/ofrep/v1/evaluate/flags", { context: { targetingKey: "u1" } }, key), {})).status).toBe(200);
    await expectRateLimited(await ask(key), "evaluate", 5);
    await expectRateLimited(await evaluateAll(jsonRequest("/ofrep/v1/evaluate/flags", { context: {} }, key), {}), "evaluate", 5);
  });

  it("ingest and evaluate are separate buckets for one key, and other scopes are not limited", async () => {
    const key = await givenKey(["ingest", "evaluate", "operate"]);
    for (let i = 0; i < 3; i++) await send(key, `both-${i}`);
    expect((await send(key, "both-over")).status).toBe(429);
    expect((await ask(key)).status).toBe(200);
    expect((await pause(jsonRequest("/x", { reason: "still allowed" }, key), params("limited"))).status).toBe(200);
  });

  it("refused requests of unknown keys do not touch any allowance", async () => {
    for (let i = 0; i < 10; i++) expect((await send("rg_unknown-key", `u-${i}`)).status).toBe(401);
  });
});
