import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, writeTransaction } from "../db";
import { givenFeature } from "../testing/fixtures";
import { createWebhook, deliverDueWebhooks, enqueueWebhooks, MAX_ATTEMPTS } from "./webhooks";
import { env } from "../env";

// Deliveries are retried with exponential backoff, logged attempt by attempt, and never follow a
// redirect away from the configured URL.

let server: Server;
let base = "";
const hits: Record<string, number> = {};
let featureId = "";

beforeAll(async () => {
  env().ROLLGUARD_ALLOW_PRIVATE_WEBHOOKS = "1"; // the receiver below listens on 127.0.0.1
  server = createServer((req, res) => {
    const path = req.url ?? "/";
    hits[path] = (hits[path] ?? 0) + 1;
    req.resume();
    if (path === "/flaky") res.statusCode = hits[path] <= 2 ? 500 : 200;
    else if (path === "/down") res.statusCode = 503;
    else if (path === "/redirect") {
      res.statusCode = 302;
      res.setHeader("location", "/elsewhere");
    }
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  featureId = (await givenFeature("meeting-summary")).id;
});

afterAll(() => new Promise((r) => server.close(r)));

async function queue(path: string) {
  const hook = await createWebhook({ name: path, url: base + path, featureId }, "test");
  await writeTransaction((tx) =>
    enqueueWebhooks(tx, { event: "feature.paused", featureId, featureKey: "meeting-summary", text: "Meeting summary was paused", details: { reason: "test" } }),
  );
  await db.webhook.update({ where: { id: hook.id }, data: { enabled: false } }); // later queues skip it
  return { hook, delivery: await db.webhookDelivery.findFirstOrThrow({ where: { webhookId: hook.id } }) };
}

describe("webhook delivery", () => {
  it("delivers each notice once when several workers (instances) deliver at the same time", async () => {
    const { delivery } = await queue("/once");
    const now = Date.now();
    await Promise.all(Array.from({ length: 4 }, () => deliverDueWebhooks({ now })));
    expect(hits["/once"]).toBe(1);
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({ status: "delivered", attempts: 1 });
  });

  it("retries a failing endpoint after 2 s and 4 s more, then records the successful third attempt", async () => {
    const { delivery } = await queue("/flaky");
    const t0 = Date.now();
    await deliverDueWebhooks({ now: t0 });
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({ status: "pending", attempts: 1, lastStatus: 500, lastError: "HTTP 500" });
    await deliverDueWebhooks({ now: t0 + 1_000 }); // not due yet
    expect(hits["/flaky"]).toBe(1);
    await deliverDueWebhooks({ now: t0 + 2_000 });
    expect(hits["/flaky"]).toBe(2);
    await deliverDueWebhooks({ now: t0 + 5_000 }); // second backoff is 4 s
    expect(hits["/flaky"]).toBe(2);
    await deliverDueWebhooks({ now: t0 + 6_000 });
    const done = await db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
    expect(done).toMatchObject({ status: "delivered", attempts: 3, lastStatus: 200, lastError: null });
    expect(JSON.parse(done.payload)).toMatchObject({ text: "Meeting summary was paused", event: "feature.paused", feature: "meeting-summary", reason: "test" });
  });

  it(`gives up after ${MAX_ATTEMPTS} attempts and marks the delivery failed`, async () => {
    const { delivery } = await queue("/down");
    let t = Date.now();
    for (let i = 0; i < MAX_ATTEMPTS + 2; i++) {
      await deliverDueWebhooks({ now: t });
      t += 60_000;
    }
    expect(hits["/down"]).toBe(MAX_ATTEMPTS);
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS, lastStatus: 503 });
  });

  it("does not follow a redirect to another URL", async () => {
    const { delivery } = await queue("/redirect");
    await deliverDueWebhooks({ now: Date.now() });
    expect(hits["/elsewhere"]).toBeUndefined();
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({ status: "pending", lastError: "HTTP 302" });
  });
});

describe("channel kinds", () => {
  const bodies: Record<string, { headers: Record<string, string>; body: string }> = {};
  const fetchImpl = async (url: string, init: RequestInit) => {
    bodies[url] = { headers: init.headers as Record<string, string>, body: String(init.body) };
    return new Response("ok", { status: 200 });
  };

  it("posts Slack's message format (text + blocks) to a Slack channel, with links to the feature", async () => {
    const hook = await createWebhook({ name: "#ai", kind: "slack", url: "https://hooks.slack.test/services/T/B/X", featureId }, "test");
    await writeTransaction((tx) =>
      enqueueWebhooks(tx, { event: "feature.paused", featureId, featureKey: "meeting-summary", featureName: "Meeting summary", text: "Meeting summary was paused", details: { reason: "dip" } }),
    );
    await deliverDueWebhooks({ now: Date.now(), fetchImpl });
    const sent = JSON.parse(bodies["https://hooks.slack.test/services/T/B/X"].body) as { text: string; blocks: { type: string }[] };
    expect(sent.text).toBe("Meeting summary was paused");
    expect(sent.blocks.map((b) => b.type)).toEqual(["header", "section", "context"]);
    expect(JSON.stringify(sent.blocks)).toContain("/features/meeting-summary|Open Meeting summary>");
    await db.webhook.update({ where: { id: hook.id }, data: { enabled: false } });
  });

  it("fails an email delivery at once when SMTP is not configured, and sends it through SMTP when it is", async () => {
    const hook = await createWebhook({ name: "oncall", kind: "email", emailTo: "oncall@example.com", featureId }, "test");
    await writeTransaction((tx) => enqueueWebhooks(tx, { event: "feature.resumed", featureId, featureKey: "meeting-summary", text: "resumed", details: {} }));
    await deliverDueWebhooks({ now: Date.now(), fetchImpl });
    const failed = await db.webhookDelivery.findFirstOrThrow({ where: { webhookId: hook.id } });
    expect(failed).toMatchObject({ status: "failed", attempts: 1 });
    expect(failed.lastError).toMatch(/ROLLGUARD_SMTP_URL/);

    env().ROLLGUARD_SMTP_URL = "smtp://127.0.0.1:2525";
    const mails: { to: string; subject: string }[] = [];
    await writeTransaction((tx) => enqueueWebhooks(tx, { event: "feature.resumed", featureId, featureKey: "meeting-summary", text: "resumed", details: {} }));
    await deliverDueWebhooks({ now: Date.now(), fetchImpl, sendMail: async (_url, m) => void mails.push(m) });
    env().ROLLGUARD_SMTP_URL = undefined;
    expect(mails).toEqual([expect.objectContaining({ to: "oncall@example.com", subject: "[Rollguard] Feature resumed: meeting-summary" })]);
    await db.webhook.update({ where: { id: hook.id }, data: { enabled: false } });
  });
});
