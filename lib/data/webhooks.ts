import { createHmac, randomBytes } from "node:crypto";
import { db, dbReady, writeTransaction, type Tx } from "../db";
import { channelWants, emailMessage, slackMessage, webhookMessage, type NoticePayload } from "../domain/notification-message";
import { z } from "zod";
import { PRIVATE_WEBHOOK_HELP, privateHostReason } from "../domain/private-address";
import { allowPrivateWebhooks, env, publicUrl } from "../env";
import { AppError } from "../errors";
import { log } from "../log";
import { actorDisplayName } from "../read/actor-names";
import { audit } from "./audit";
import { RefusedDestinationError, webhookFetch, type FetchLike } from "./webhook-transport";

// Outgoing notifications through channels (a Webhook row of a kind): a generic signed webhook,
// a Slack incoming webhook (Slack's message format), or email over SMTP when one is configured. A delivery row is written in the same transaction as the event it
// reports (so a pause is never without its notification, nor a notification without its pause),
// then a worker posts it: Slack-compatible JSON, signed with the webhook's secret, retried with
// exponential backoff, every attempt logged on the row. Redirects are not followed: a webhook
// posts to the URL that was configured and nowhere else — and not to an internal address unless
// ROLLGUARD_ALLOW_PRIVATE_WEBHOOKS=1: refused when saved (an internal IP or name in the URL) and
// when sent (every address the name resolves to; lib/data/webhook-transport.ts).

export const WEBHOOK_EVENTS = [
  "incident.opened",
  "incident.resolved",
  "alert.opened",
  "alert.updated",
  "alert.resolved",
  "feature.paused",
  "feature.resumed",
  "review.digest",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export const CHANNEL_KINDS = ["slack", "webhook", "email"] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const MAX_ATTEMPTS = 5;
export const BACKOFF_BASE_MS = 2_000;
const TIMEOUT_MS = 5_000;
/** A claimed delivery is invisible to other workers for this long (crash safety). */
const LEASE_MS = 60_000;

export const signBody = (secret: string, body: string) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

/** Delay before attempt `attempt + 1` after `attempt` failed: 2 s, 4 s, 8 s, 16 s. */
export const backoffMs = (attempt: number) => BACKOFF_BASE_MS * 2 ** (attempt - 1);

export async function createWebhook(
  input: { name: string; url?: string | null; featureId?: string | null; events?: WebhookEvent[]; kind?: ChannelKind; emailTo?: string | null },
  actor: string,
) {
  const kind = input.kind ?? "webhook";
  let url = "";
  if (kind === "email") {
    if (!input.emailTo?.trim()) throw new AppError("invalid_request", 400, "An email channel needs at least one address");
  } else {
    const parsed = new URL(input.url ?? "");
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new AppError("invalid_request", 400, "A webhook URL must be http or https");
    const privateReason = allowPrivateWebhooks() ? null : privateHostReason(parsed.hostname);
    if (privateReason) throw new z.ZodError([{ code: "custom", path: ["url"], message: `${privateReason}. ${PRIVATE_WEBHOOK_HELP}`, input: input.url }]);
    url = parsed.toString();
  }
  const secret = randomBytes(24).toString("base64url");
  const webhook = await writeTransaction(async (tx) => {
    const created = await tx.webhook.create({
      data: { name: input.name, url, kind, emailTo: kind === "email" ? input.emailTo!.trim() : null, secret, featureId: input.featureId ?? null, events: (input.events ?? WEBHOOK_EVENTS).join(",") },
    });
    await audit(tx, { actor, action: "webhook.create", target: input.name, after: { kind, url: url ? new URL(url).origin : null, featureId: input.featureId ?? null } });
    return created;
  });
  return { id: webhook.id, name: webhook.name, url: webhook.url, kind, secret };
}

/** Every channel with its scope, newest first (the admin page). */
export async function listChannels() {
  await dbReady();
  const rows = await db.webhook.findMany({ orderBy: { createdAt: "desc" }, include: { _count: { select: { deliveries: true } } } });
  const features = new Map((await db.feature.findMany({ select: { id: true, key: true, name: true } })).map((f) => [f.id, f]));
  return rows.map(({ secret: _secret, ...w }) => ({ ...w, feature: w.featureId ? (features.get(w.featureId) ?? null) : null, deliveries: w._count.deliveries }));
}

export async function setChannelEnabled(id: string, enabled: boolean, actor: string) {
  await writeTransaction(async (tx) => {
    const w = await tx.webhook.findUnique({ where: { id } });
    if (!w) throw new AppError("not_found", 404, "No such channel");
    await tx.webhook.update({ where: { id }, data: { enabled } });
    await audit(tx, { actor, action: enabled ? "webhook.enable" : "webhook.disable", target: w.name });
  });
}

export async function deleteChannel(id: string, actor: string) {
  await writeTransaction(async (tx) => {
    const w = await tx.webhook.findUnique({ where: { id } });
    if (!w) throw new AppError("not_found", 404, "No such channel");
    await tx.webhook.delete({ where: { id } });
    await audit(tx, { actor, action: "webhook.delete", target: w.name, before: { kind: w.kind, featureId: w.featureId } });
  });
}

/** Queues a test message to one channel and delivers it now; the delivery log shows the outcome. */
export async function sendTestNotification(id: string, actor: string): Promise<number> {
  const w = await db.webhook.findUnique({ where: { id } });
  if (!w) throw new AppError("not_found", 404, "No such channel");
  const feature = w.featureId ? await db.feature.findUnique({ where: { id: w.featureId }, select: { key: true, name: true } }) : null;
  const payload: NoticePayload = {
    text: `Test from Rollguard: the channel "${w.name}" works (sent by ${await actorDisplayName(db, actor)}).`,
    event: "test",
    // no feature page for a channel that watches every feature: its links go to the overview and the channels page
    feature: feature?.key ?? "",
    featureName: feature?.name ?? "every feature",
    at: new Date().toISOString(),
  };
  const d = await db.webhookDelivery.create({ data: { webhookId: w.id, event: "test", payload: JSON.stringify(payload) } });
  kickWebhookDelivery();
  return d.id;
}

export interface WebhookNotice {
  event: WebhookEvent;
  featureId: string;
  featureKey: string;
  featureName?: string;
  /** the one line a chat channel shows */
  text: string;
  details: Record<string, unknown>;
  /** a pause or resume inside an unresolved incident: chat channels hear it in the incident's messages */
  partOfIncident?: boolean;
}

/** Queues one delivery per enabled webhook that wants this event for this feature (in the caller's transaction). */
export async function enqueueWebhooks(tx: Tx, notice: WebhookNotice): Promise<number> {
  const hooks = await tx.webhook.findMany({ where: { enabled: true, OR: [{ featureId: null }, { featureId: notice.featureId }] } });
  const wanted = hooks.filter((h) => channelWants(h.kind, h.events.split(","), notice.event, notice.partOfIncident ?? false));
  const payload = JSON.stringify({
    text: notice.text,
    event: notice.event,
    feature: notice.featureKey,
    featureName: notice.featureName,
    at: new Date().toISOString(),
    ...notice.details,
  });
  for (const h of wanted) await tx.webhookDelivery.create({ data: { webhookId: h.id, event: notice.event, payload } });
  return wanted.length;
}

export type { FetchLike } from "./webhook-transport";

/** Posts every due delivery once; failures are rescheduled with backoff or marked failed. */
export type SendMail = (smtpUrl: string, mail: { to: string; subject: string; text: string }) => Promise<void>;

/** Sends one email through the configured SMTP server (nodemailer, loaded only when email is used). */
const sendMail: SendMail = async (smtpUrl, mail) => {
  const nodemailer = await import("nodemailer");
  const transport = nodemailer.createTransport(smtpUrl);
  await transport.sendMail({ from: env().ROLLGUARD_SMTP_FROM, ...mail });
};

export async function deliverDueWebhooks(options: { now?: number; fetchImpl?: FetchLike; sendMail?: SendMail } = {}): Promise<{ delivered: number; failed: number; retrying: number }> {
  await dbReady();
  const now = options.now ?? Date.now();
  const fetchImpl = options.fetchImpl ?? webhookFetch(allowPrivateWebhooks());
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
      let permanent = false;
      try {
        const notice = JSON.parse(d.payload) as NoticePayload;
        if (d.webhook.kind === "email") {
          const smtp = env().ROLLGUARD_SMTP_URL;
          if (!smtp) {
            permanent = true;
            throw new Error("Email is not configured: set ROLLGUARD_SMTP_URL (and ROLLGUARD_SMTP_FROM)");
          }
          await (options.sendMail ?? sendMail)(smtp, { to: d.webhook.emailTo ?? "", ...emailMessage(notice, publicUrl()) });
        } else {
          const body = d.webhook.kind === "slack" ? JSON.stringify(slackMessage(notice, publicUrl())) : JSON.stringify(webhookMessage(notice, publicUrl()));
          const headers: Record<string, string> =
            d.webhook.kind === "slack"
              ? { "content-type": "application/json", "user-agent": "Rollguard-Webhook/1" }
              : {
                  "content-type": "application/json",
                  "user-agent": "Rollguard-Webhook/1",
                  "x-rollguard-event": d.event,
                  "x-rollguard-delivery": String(d.id),
                  "x-rollguard-signature": signBody(d.webhook.secret, body),
                };
          const res = await fetchImpl(d.webhook.url, { method: "POST", redirect: "manual", signal: AbortSignal.timeout(TIMEOUT_MS), headers, body });
          status = res.status;
          await res.arrayBuffer().catch(() => undefined);
          if (!res.ok) error = `HTTP ${res.status}`;
        }
      } catch (e) {
        if (e instanceof RefusedDestinationError) permanent = true;
        error = e instanceof Error ? e.message : String(e);
      }
      if (!error) {
        result.delivered++;
        await db.webhookDelivery.update({ where: { id: d.id }, data: { status: "delivered", attempts: attempt, lastStatus: status, lastError: null, deliveredAt: new Date() } });
        return;
      }
      const giveUp = permanent || attempt >= MAX_ATTEMPTS;
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

export async function listDeliveries(webhookId?: string, take = 100) {
  await dbReady();
  return db.webhookDelivery.findMany({ where: webhookId ? { webhookId } : {}, orderBy: { id: "desc" }, take, include: { webhook: { select: { name: true, kind: true } } } });
}

export interface AlertNotified {
  channel: string;
  kind: string;
  status: string;
}

/**
 * Who was told of each alert's opening: the channels its delivery went to (its own `alert.opened`,
 * or the `incident.opened` message that listed it), and how it went — each channel once.
 */
export async function notifiedByAlert(alertIds: string[], since: Date): Promise<Map<string, AlertNotified[]>> {
  const out = new Map<string, AlertNotified[]>();
  if (alertIds.length === 0) return out;
  await dbReady();
  const wanted = new Set(alertIds);
  const rows = await db.webhookDelivery.findMany({
    where: { event: { in: ["alert.opened", "incident.opened"] }, createdAt: { gte: since } },
    include: { webhook: { select: { name: true, kind: true } } },
    orderBy: { id: "asc" },
    take: 5000,
  });
  for (const d of rows) {
    const p = JSON.parse(d.payload) as { alert?: { id?: string }; incident?: { alerts?: { id?: string }[] } };
    const ids = d.event === "alert.opened" ? [p.alert?.id] : (p.incident?.alerts ?? []).map((a) => a.id);
    for (const id of ids) {
      if (!id || !wanted.has(id)) continue;
      const told = out.get(id) ?? [];
      if (!told.some((t) => t.channel === d.webhook.name)) out.set(id, [...told, { channel: d.webhook.name, kind: d.webhook.kind, status: d.status }]);
    }
  }
  return out;
}
