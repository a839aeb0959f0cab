import { createHmac, randomBytes } from "node:crypto";
import { db, dbReady, writeTransaction, type Tx } from "../db";
import { log } from "../log";
import { audit } from "./audit";

// Outgoing notifications. A delivery row is written in the same transaction as the event it
// reports (so a pause is never without its notification, nor a notification without its pause),
// then a worker posts it: Slack-compatible JSON, signed with the webhook's secret, retried with
// exponential backoff, every attempt logged on the row. Redirects are not followed: a webhook
// posts to the URL that was configured and nowhere else.

export const WEBHOOK_EVENTS = ["alert.opened", "alert.resolved", "feature.paused", "feature.resumed"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const MAX_ATTEMPTS = 5;
export const BACKOFF_BASE_MS = 2_000;
const TIMEOUT_MS = 5_000;
/** A claimed delivery is invisible to other workers for this long (crash safety). */
const LEASE_MS = 60_000;

export const signBody = (secret: string, body: string) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

/** Delay before attempt `attempt + 1` after `attempt` failed: 2 s, 4 s, 8 s, 16 s. */
export const backoffMs = (attempt: number) => BACKOFF_BASE_MS * 2 ** (attempt - 1);

export async function createWebhook(input: { name: string; url: string; featureId?: string | null; events?: WebhookEvent[] }, actor: string) {
  const url = new URL(input.url);
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("A webhook URL must be http or https");
  const secret = randomBytes(24).toString("base64url");
  const webhook = await writeTransaction(async (tx) => {
    const created = await tx.webhook.create({
      data: { name: input.name, url: url.toString(), secret, featureId: input.featureId ?? null, events: (input.events ?? WEBHOOK_EVENTS).join(",") },
    });
    await audit(tx, { actor, action: "webhook.create", target: input.name, after: { url: url.origin, featureId: input.featureId ?? null } });
    return created;
  });
  return { id: webhook.id, name: webhook.name, url: webhook.url, secret };
}

export interface WebhookNotice {
  event: WebhookEvent;
  featureId: string;
  featureKey: string;
  /** the one line a chat channel shows */
  text: string;
  details: Record<string, unknown>;
}

/** Queues one delivery per enabled webhook that wants this event for this feature (in the caller's transaction). */
export async function enqueueWebhooks(tx: Tx, notice: WebhookNotice): Promise<number> {
  const hooks = await tx.webhook.findMany({ where: { enabled: true, OR: [{ featureId: null }, { featureId: notice.featureId }] } });
  const wanted = hooks.filter((h) => h.events.split(",").includes(notice.event));
  const payload = JSON.stringify({
    text: notice.text,
    event: notice.event,
    feature: notice.featureKey,
    at: new Date().toISOString(),
    ...notice.details,
  });
  for (const h of wanted) await tx.webhookDelivery.create({ data: { webhookId: h.id, event: notice.event, payload } });
  return wanted.length;
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** Posts every due delivery once; failures are rescheduled with backoff or marked failed. */
export async function deliverDueWebhooks(options: { now?: number; fetchImpl?: FetchLike } = {}): Promise<{ delivered: number; failed: number; retrying: number }> {
  await dbReady();
  const now = options.now ?? Date.now();
  const fetchImpl = options.fetchImpl ?? fetch;
  const due = await db.webhookDelivery.findMany({
    where: { status: "pending", nextAttemptAt: { lte: new Date(now) } },
    include: { webhook: true },
    orderBy: { id: "asc" },
    take: 50,
  });
  const result = { delivered: 0, failed: 0, retrying: 0 };
  await Promise.all(
    due.map(async (d) => {
      // Claim with a conditional update so that two workers never post the same attempt.
      const claimed = await db.webhookDelivery.updateMany({
        where: { id: d.id, status: "pending", nextAttemptAt: d.nextAttemptAt },
        data: { nextAttemptAt: new Date(now + LEASE_MS) },
      });
      if (claimed.count === 0) return;
      const attempt = d.attempts + 1;
      let status: number | null = null;
      let error: string | null = null;
      try {
        const res = await fetchImpl(d.webhook.url, {
          method: "POST",
          redirect: "manual",
          signal: AbortSignal.timeout(TIMEOUT_MS),
          headers: {
            "content-type": "application/json",
            "user-agent": "Rollguard-Webhook/1",
            "x-rollguard-event": d.event,
            "x-rollguard-delivery": String(d.id),
            "x-rollguard-signature": signBody(d.webhook.secret, d.payload),
          },
          body: d.payload,
        });
        status = res.status;
        await res.arrayBuffer().catch(() => undefined);
        if (!res.ok) error = `HTTP ${res.status}`;
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
      if (!error) {
        result.delivered++;
        await db.webhookDelivery.update({ where: { id: d.id }, data: { status: "delivered", attempts: attempt, lastStatus: status, lastError: null, deliveredAt: new Date() } });
        return;
      }
      const giveUp = attempt >= MAX_ATTEMPTS;
      if (giveUp) result.failed++;
      else result.retrying++;
      log.warn("webhook delivery failed", { webhook: d.webhookId, delivery: d.id, attempt, error });
      await db.webhookDelivery.update({
        where: { id: d.id },
        data: {
          status: giveUp ? "failed" : "pending",
          attempts: attempt,
          lastStatus: status,
          lastError: error.slice(0, 500),
          nextAttemptAt: new Date(now + (giveUp ? 0 : backoffMs(attempt))),
        },
      });
    }),
  );
  return result;
}

const g = globalThis as unknown as { rollguardWebhookWorker?: { running: boolean; again: boolean; timer: NodeJS.Timeout | null } };

/** Delivers now (coalesced) and schedules the next retry; never throws. */
export function kickWebhookDelivery(): void {
  const w = (g.rollguardWebhookWorker ??= { running: false, again: false, timer: null });
  if (w.running) {
    w.again = true;
    return;
  }
  w.running = true;
  void (async () => {
    try {
      do {
        w.again = false;
        await deliverDueWebhooks();
      } while (w.again);
      const next = await db.webhookDelivery.findFirst({ where: { status: "pending" }, orderBy: { nextAttemptAt: "asc" } });
      if (next) {
        if (w.timer) clearTimeout(w.timer);
        w.timer = setTimeout(kickWebhookDelivery, Math.max(50, next.nextAttemptAt.getTime() - Date.now()));
        w.timer.unref?.();
      }
    } catch (e) {
      log.error("webhook worker failed", { error: String(e) });
    } finally {
      w.running = false;
    }
  })();
}

export async function listDeliveries(webhookId?: string) {
  return db.webhookDelivery.findMany({ where: webhookId ? { webhookId } : {}, orderBy: { id: "desc" }, take: 100 });
}
