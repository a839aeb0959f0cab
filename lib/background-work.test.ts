import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, engine } from "./db";
import { evaluationsSettled } from "./use-cases/evaluate-alerts";
import { createFeature } from "./data/features";
import { createWebhook } from "./data/webhooks";
import { planWith } from "./domain/plan";
import { startBackgroundWork } from "./background-work";
import { givenKey } from "./testing/fixtures";
import { env } from "./env";
import { liveLoopRoutes, serveRoutes, type RouteServer } from "./testing/route-server";

// A simulated incident end to end, over HTTP: healthy traffic, then labels turning wrong →
// the floor rule opens an alert → its `pause` action pauses the feature → the decision API answers
// false → the audit log names the rule → the webhook receives signed notifications. Then a person
// resumes, and the still-open alert does not pause the feature again.

let app: RouteServer;
let hookServer: Server;
let hookUrl = "";
const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
const keys = { ingest: "", evaluate: "", operate: "", read: "" };
let secret = "";

beforeAll(async () => {
  env().ROLLGUARD_ALLOW_PRIVATE_WEBHOOKS = "1"; // the receiver below listens on 127.0.0.1
  hookServer = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.end("ok");
    });
  });
  await new Promise<void>((r) => hookServer.listen(0, "127.0.0.1", r));
  hookUrl = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/hook`;

  await createFeature(
    { key: "portfolio-advisor", name: "Portfolio advisor", stakes: "high", plan: planWith(), currentPhase: "full" },
    "test",
  );
  secret = (await createWebhook({ name: "ops channel", url: hookUrl }, "test")).secret;
  for (const scope of Object.keys(keys) as (keyof typeof keys)[]) keys[scope] = await givenKey([scope]);
  await startBackgroundWork({ intervalMs: 60_000 });
  app = await serveRoutes(await liveLoopRoutes());
});

afterAll(async () => {
  await app.close();
  hookServer.closeAllConnections();
  await new Promise((r) => hookServer.close(r));
});

const call = (method: string, path: string, key: string, body?: unknown) =>
  fetch(app.url + path, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });

/** n outputs at confidence 0.92 with their labels, `correct` of them right. */
async function traffic(prefix: string, n: number, correct: number) {
  const events: unknown[] = [];
  for (let i = 0; i < n; i++)
    events.push({ type: "output", feature: "portfolio-advisor", id: `${prefix}-${i}`, confidence: 0.92, unit: `user-${i}` });
  for (let i = 0; i < n; i++)
    events.push({ type: "label", feature: "portfolio-advisor", outputId: `${prefix}-${i}`, correct: i < correct });
  const res = await call("POST", "/api/v1/events", keys.ingest, { events });
  expect(res.status).toBe(200);
}

const decision = async () =>
  (await (
    await call("POST", "/ofrep/v1/evaluate/flags/portfolio-advisor", keys.evaluate, { context: { targetingKey: "user-1" } })
  ).json()) as {
    value: boolean;
    reason: string;
  };

async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("a simulated incident", () => {
  it("stays quiet on healthy traffic", async () => {
    await traffic("healthy", 120, 110);
    await evaluationsSettled();
    expect(await db.alert.count()).toBe(0);
    expect(await decision()).toMatchObject({ value: true, reason: "TARGETING_MATCH" });
  });

  // How fast (target ≤ 2 s) is the benchmark's figure `autoPause.ms`; here: that it happens.
  it("opens the floor alert and pauses the feature after the bad labels, attributed to the rule", async () => {
    await traffic("incident", 120, 60);
    const posted = performance.now();
    const d = await until(decision, (x) => x.value === false);
    const latencyMs = performance.now() - posted;
    expect(d).toMatchObject({ value: false, reason: "DISABLED" });
    console.log(`breach → paused on the decision API: ${latencyMs.toFixed(0)} ms`);

    // the default floor: a sequential rule against the phase's 85 % (a new feature's first minutes
    // have no history; a fixed level judges them at once)
    const floorRule = await db.alertRule.findFirstOrThrow({ where: { name: "Accuracy below 85 %" } });
    expect(floorRule).toMatchObject({ kind: "sequential", metric: "accuracy", action: "pause" });
    // the decision API obeys the pause from memory before it is stored: on PostgreSQL storing it
    // takes a few round trips more, so the stored state is read once the evaluation is done
    if (engine() === "postgres") await evaluationsSettled();
    const { alerts, state } = (await (await call("GET", "/api/v1/features/portfolio-advisor/alerts", keys.read)).json()) as {
      state: string;
      alerts: {
        id: string;
        status: string;
        slice: string;
        sampleSize: number;
        upper: number;
        message: string;
        rule: { id: string; metric: string };
      }[];
    };
    expect(state).toBe("paused");
    const floorAlert = alerts.find((a) => a.rule.id === floorRule.id)!;
    expect(floorAlert).toMatchObject({
      status: "open",
      slice: "phase:full",
      message: expect.stringMatching(/^phase full: \d+ % \(n = \d+\) vs 85 % normal$/),
    });
    expect(floorAlert.upper).toBeLessThan(0.85);

    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "feature.pause", target: "portfolio-advisor" } });
    expect(audit.actor).toBe(`rule:${floorRule.id}`);
    expect(audit.reason).toMatch(/Accuracy below 85 %/);
  });

  it("notifies the webhook of the alert and the pause, signed with its secret", async () => {
    const got = await until(
      async () => received.map((r) => r.headers["x-rollguard-event"]),
      (events) => events.includes("alert.opened") && events.includes("feature.paused"),
    );
    expect(got).toEqual(expect.arrayContaining(["alert.opened", "feature.paused"]));
    for (const r of received) {
      const expected = `sha256=${createHmac("sha256", secret).update(r.body).digest("hex")}`;
      expect(r.headers["x-rollguard-signature"]).toBe(expected);
      expect(JSON.parse(r.body)).toMatchObject({ text: expect.stringContaining("Portfolio advisor"), feature: "portfolio-advisor" });
    }
    const deliveries = await until(
      () => db.webhookDelivery.findMany(),
      (ds) => ds.every((d) => d.status !== "pending"),
    );
    expect(deliveries.map((d) => [d.event, d.status, d.attempts, d.lastStatus])).toContainEqual(["feature.paused", "delivered", 1, 200]);
    expect(deliveries.every((d) => d.status === "delivered")).toBe(true);
  });

  it("lets an operator acknowledge the alert and resume with a reason; the open alert does not pause again", async () => {
    const open = await db.alert.findFirstOrThrow({ where: { status: "open", rule: { name: "Accuracy below 85 %" } } });
    const ack = await call("POST", `/api/v1/alerts/${open.id}/acknowledge`, keys.operate);
    expect(ack.status).toBe(200);
    expect(await ack.json()).toMatchObject({ status: "acknowledged", acknowledgedBy: expect.stringMatching(/^key:rg_/) });
    expect((await call("POST", `/api/v1/alerts/${open.id}/acknowledge`, keys.operate)).status).toBe(409);

    const resumed = await call("POST", "/api/v1/features/portfolio-advisor/resume", keys.operate, {
      reason: "rolled back the model; watching",
    });
    expect(resumed.status).toBe(200);
    await traffic("after", 10, 10);
    await evaluationsSettled();
    expect(await decision()).toMatchObject({ value: true });
    expect(await db.auditEvent.count({ where: { action: "feature.pause" } })).toBe(1);
  });
});
