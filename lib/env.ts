import { z } from "zod";
import { parseModelPrices, type PriceTable } from "./domain/cost";
import { ZRetentionDays } from "./schemas/retention";

// Every environment variable the app reads, parsed once. Nothing else reads process.env.
const ZEnv = z.object({
  DATABASE_URL: z.string().default("file:./data/rollguard.db"),
  ROLLGUARD_DEMO: z.enum(["0", "1"]).default("1"),
  ROLLGUARD_LOG: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  NODE_ENV: z.string().default("development"),
  // Per-key request allowances per minute (token bucket; 0 = unlimited).
  ROLLGUARD_INGEST_RATE_LIMIT: z.coerce.number().int().min(0).default(3000),
  // Evaluations are not limited by default: a busy product must never silently get its code default.
  ROLLGUARD_EVALUATE_RATE_LIMIT: z.coerce.number().int().min(0).default(0),
  // The lean decision listener (OFREP + state stream without the framework's per-request cost):
  // a port, or off. `npm start` defaults it to PORT + 1.
  ROLLGUARD_DECISION_PORT: z.union([z.literal("off"), z.coerce.number().int().min(1).max(65535)]).default("off"),
  HOSTNAME: z.string().optional(),
  // How often each process reads the change table as the fallback behind its messages and
  // NOTIFY (ms). The tests raise it to prove a change arrives without the poll.
  ROLLGUARD_CHANGE_POLL_MS: z.coerce.number().int().min(10).default(250),
  // Where an instance keeps its local fail-safe state (pending pauses, last decision snapshot);
  // default: the data folder (beside the SQLite file, ./data on PostgreSQL). One per instance.
  ROLLGUARD_STATE_DIR: z.string().optional(),
  // Set by the supervisor for the decision listener's process (its files in the state folder are its own).
  ROLLGUARD_PROCESS_ROLE: z.enum(["app", "listener"]).default("app"),
  // Reverse-proxy hops to trust for X-Forwarded-For / X-Forwarded-Host ("true" = 1); unset: none.
  ROLLGUARD_TRUST_PROXY: z.string().optional(),
  // Links in notifications: the URL people open Rollguard at (NEXTAUTH_URL when not set).
  ROLLGUARD_PUBLIC_URL: z.string().url().optional(),
  NEXTAUTH_URL: z.string().url().optional(),
  // Webhook channels may post to loopback, private, link-local and metadata addresses only when "1".
  ROLLGUARD_ALLOW_PRIVATE_WEBHOOKS: z.string().optional(),
  // Email channels: an SMTP URL (smtp://user:pass@host:587 or smtps://…) and the sender.
  ROLLGUARD_SMTP_URL: z.string().optional(),
  ROLLGUARD_SMTP_FROM: z.string().default("Rollguard <rollguard@localhost>"),
  // Days raw events (outputs and what is keyed by them) are kept: "off" (default) or ≥ 35; rollups are kept forever.
  ROLLGUARD_RETENTION_DAYS: ZRetentionDays,
  // Prices per model version for cost per output (JSON, lib/domain/cost.ts); read at figure time, so a new price re-prices history.
  ROLLGUARD_MODEL_PRICES: z.string().optional(),
});

export type Env = z.infer<typeof ZEnv>;

let cached: Env | undefined;

export function env(): Env {
  cached ??= ZEnv.parse(process.env);
  return cached;
}

/** The SQLite file behind a `file:` DATABASE_URL, or null for another database. */
export function sqliteFile(url = env().DATABASE_URL): string | null {
  return url.startsWith("file:") ? url.slice("file:".length) : null;
}

/** The base of links in notifications. */
export function publicUrl(e = env()): string {
  return e.ROLLGUARD_PUBLIC_URL ?? e.NEXTAUTH_URL ?? "http://localhost:3000";
}

/** The DATABASE_URL when it names a PostgreSQL database (postgres:// or postgresql://), else null. */
export function postgresUrl(url = env().DATABASE_URL): string | null {
  return /^postgres(ql)?:\/\//.test(url) ? url : null;
}

/** The price table of ROLLGUARD_MODEL_PRICES (none when unset; a bad one is ignored with its error). */
export function modelPriceTable(e = env()): PriceTable {
  return parseModelPrices(e.ROLLGUARD_MODEL_PRICES);
}

/** Whether webhook channels may reach internal addresses (ROLLGUARD_ALLOW_PRIVATE_WEBHOOKS=1). */
export function allowPrivateWebhooks(e = env()): boolean {
  return ["1", "true", "on"].includes((e.ROLLGUARD_ALLOW_PRIVATE_WEBHOOKS ?? "").trim().toLowerCase());
}
