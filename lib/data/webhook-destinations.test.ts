import type { lookup } from "node:dns";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, writeTransaction } from "../db";
import { env } from "../env";
import { errorResponse } from "../http";
import { givenFeature } from "../testing/fixtures";
import { publicOnlyLookup, webhookFetch } from "./webhook-transport";
import { createWebhook, deliverDueWebhooks, enqueueWebhooks } from "./webhooks";

// Channels cannot reach the network Rollguard runs in (unless ROLLGUARD_ALLOW_PRIVATE_WEBHOOKS=1):
// refused when saved, and refused when sent on the address the name resolves to then (DNS rebinding).

let server: Server;
let port = 0;
let hits = 0;
let featureId = "";

beforeAll(async () => {
  env().ROLLGUARD_ALLOW_PRIVATE_WEBHOOKS = undefined;
  server = createServer((req, res) => {
    hits++;
    req.resume();
    res.end("ok");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
  featureId = (await givenFeature("ssrf")).id;
});

afterAll(() => new Promise((r) => server.close(r)));

/** A resolver that answers every name with these addresses (what a rebinding DNS server would do). */
const resolvingTo =
  (...addresses: string[]) =>
  ((_host: string, _options: unknown, cb: (e: Error | null, a: { address: string; family: number }[]) => void) =>
    cb(
      null,
      addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 })),
    )) as unknown as typeof lookup;

describe("saving a channel", () => {
  it.each([
    "http://169.254.169.254/latest/meta-data/",
    "http://127.0.0.1:6379/",
    "http://localhost:8080/hook",
    "http://[::1]:3000/",
    "http://10.0.0.5/hook",
    "http://2130706433/",
    "http://metadata.google.internal/computeMetadata/v1/",
  ])("refuses %s with a 400 on the url field", async (url) => {
    const refused = await createWebhook({ name: "internal", url, featureId }, "test").then(
      () => null,
      (e: unknown) => e,
    );
    const res = errorResponse(refused);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; details: { path: string; message: string }[] } };
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.details[0]).toMatchObject({ path: "url", message: expect.stringContaining("ROLLGUARD_ALLOW_PRIVATE_WEBHOOKS=1") });
  });

  it("takes a public name (checked again when sent), and an internal one when the operator allows it", async () => {
    await expect(createWebhook({ name: "slack", kind: "slack", url: "https://hooks.slack.com/services/T/B/X", featureId }, "test")).resolves.toBeTruthy();
    env().ROLLGUARD_ALLOW_PRIVATE_WEBHOOKS = "1";
    try {
      await expect(createWebhook({ name: "lan", url: "http://10.0.0.5/hook", featureId }, "test")).resolves.toBeTruthy();
    } finally {
      env().ROLLGUARD_ALLOW_PRIVATE_WEBHOOKS = undefined;
    }
    await db.webhook.updateMany({ data: { enabled: false } });
  });
});

describe("sending", () => {
  it("a name that now resolves to 127.0.0.1 (rebinding) is refused before connecting; the log says why, not which port answered", async () => {
    const hook = await db.webhook.create({
      data: { name: "rebound", url: `http://rebind.example:${port}/hook`, kind: "webhook", secret: "s", featureId, events: "feature.paused" },
    });
    await writeTransaction((tx) => enqueueWebhooks(tx, { event: "feature.paused", featureId, featureKey: "ssrf", text: "paused", details: {} }));
    await deliverDueWebhooks({ now: Date.now(), fetchImpl: webhookFetch(false, resolvingTo("127.0.0.1")) });
    expect(hits).toBe(0);
    const d = await db.webhookDelivery.findFirstOrThrow({ where: { webhookId: hook.id } });
    expect(d).toMatchObject({ status: "failed", attempts: 1, lastStatus: null });
    expect(d.lastError).toMatch(/^refused: rebind\.example resolves to a private or internal address/);
    expect(d.lastError).not.toContain(String(port));
    await db.webhook.update({ where: { id: hook.id }, data: { enabled: false } });
  });

  it("a literal internal address saved before the rule is refused at send time too; allowed, it is posted", async () => {
    const hook = await db.webhook.create({
      data: { name: "old", url: `http://127.0.0.1:${port}/hook`, kind: "webhook", secret: "s", featureId, events: "feature.paused" },
    });
    await writeTransaction((tx) => enqueueWebhooks(tx, { event: "feature.paused", featureId, featureKey: "ssrf", text: "paused", details: {} }));
    await deliverDueWebhooks({ now: Date.now() });
    const refused = await db.webhookDelivery.findFirstOrThrow({ where: { webhookId: hook.id }, orderBy: { id: "desc" } });
    expect(refused).toMatchObject({ status: "failed", lastError: expect.stringMatching(/^refused: 127\.0\.0\.1 is a loopback/) });
    expect(hits).toBe(0);

    env().ROLLGUARD_ALLOW_PRIVATE_WEBHOOKS = "1";
    try {
      await writeTransaction((tx) => enqueueWebhooks(tx, { event: "feature.paused", featureId, featureKey: "ssrf", text: "paused", details: {} }));
      await deliverDueWebhooks({ now: Date.now() });
    } finally {
      env().ROLLGUARD_ALLOW_PRIVATE_WEBHOOKS = undefined;
    }
    const sent = await db.webhookDelivery.findFirstOrThrow({ where: { webhookId: hook.id }, orderBy: { id: "desc" } });
    expect(sent).toMatchObject({ status: "delivered", lastStatus: 200 });
    expect(hits).toBe(1);
  });

  it("the lookup refuses a name when any of its answers is internal", async () => {
    const ask = (addresses: string[]) =>
      new Promise<string>((r) =>
        publicOnlyLookup(resolvingTo(...addresses))("mixed.example", { all: true }, (e) => r(e ? e.message : "ok")),
      );
    expect(await ask(["93.184.216.34"])).toBe("ok");
    expect(await ask(["93.184.216.34", "169.254.169.254"])).toMatch(/^refused/);
    expect(await ask(["::ffff:10.0.0.1"])).toMatch(/^refused/);
  });
});
