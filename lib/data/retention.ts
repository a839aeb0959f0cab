import { db, writeTransaction } from "../db";
import { retentionCutoff } from "../domain/retention";
import { env } from "../env";
import { log } from "../log";
import { audit } from "./audit";
import { oneInstanceAtATime } from "../store/locks";
import { purgeBatch } from "../store/retention-purge";

// Retention of raw events (issue 14): outputs older than ROLLGUARD_RETENTION_DAYS are deleted with
// every row keyed by them, in short batches; rollups (MetricBucket, HourBucket, SliceBucket,
// SourceBucket, JudgeBucket, DecisionMinute …) are never touched, so charts, alert windows and
// backtests read the same figures after a purge. Ingest refuses events older than the retention
// (lib/use-cases/ingest.ts), so a purged event sent again is not counted a second time.
//
// The same batched DELETE runs on both engines. On PostgreSQL, partitions by time were considered
// and not used: a partitioned table's unique keys must include the partition key, so Output's
// primary key — the idempotency key "featureId:clientId" that ON CONFLICT relies on — could no
// longer be unique on its own (README, "Retention").

/**
 * Every table whose rows belong to one output (by "outputId"): deleted with their output. A new
 * table derived from raw outputs (a candidate or review table keyed by outputId) belongs here;
 * a rollup does not.
 */
export const OUTPUT_KEYED_TABLES = [
  "Label",
  "Feedback",
  "ReviewPending",
  "ReviewDecision",
  "ReviewSetAside",
  "ReviewVerdict",
  "ReviewItem",
  "ReviewTag",
  "ReviewClaim",
  "WorstCandidate",
] as const;

/** Raw events with an id and a time of their own (not only rows of an output): purged by their time. */
export const TIME_KEYED_TABLES = ["TicketMention", "AccuracySample"] as const;

/** Outputs per write transaction: ~50 ms under the write lock on the 10 M-output SQLite history (bench/NOTES.md), so ingest and pauses never wait long behind it. */
export const PURGE_BATCH = 500;

const g = globalThis as unknown as { rollguardRetentionDays?: number | null };

/** The configured retention in days (null: raw events are kept forever). */
export function retentionDays(): number | null {
  return g.rollguardRetentionDays !== undefined ? g.rollguardRetentionDays : env().ROLLGUARD_RETENTION_DAYS;
}

/** Tests: act as if ROLLGUARD_RETENTION_DAYS were `days` (undefined: back to the environment). */
export function setRetentionDaysForTests(days: number | null | undefined): void {
  g.rollguardRetentionDays = days;
}

export interface PurgeResult {
  cutoff: number;
  days: number;
  /** rows deleted per table */
  deleted: Record<string, number>;
  batches: number;
  ms: number;
}

const pause = () => new Promise((r) => setTimeout(r, 5));

/**
 * Deletes the raw events older than `days` before `now`, feature by feature, PURGE_BATCH outputs a
 * transaction (on SQLite each one under the process's write lock, so a waiting ingest batch or pause
 * goes between two of them). Audited as `retention.purge` when anything was deleted. On PostgreSQL
 * one instance purges at a time (an advisory lock); another finds nothing left.
 */
export async function purgeExpired(options: { now?: number; days?: number | null; batch?: number } = {}): Promise<PurgeResult | null> {
  const days = options.days !== undefined ? options.days : retentionDays();
  const now = options.now ?? Date.now();
  const cutoff = retentionCutoff(now, days);
  if (cutoff === null || days === null) return null;
  const limit = options.batch ?? PURGE_BATCH;
  const run = async (): Promise<PurgeResult> => {
    const started = performance.now();
    const deleted: Record<string, number> = Object.fromEntries(["Output", ...OUTPUT_KEYED_TABLES, ...TIME_KEYED_TABLES].map((t) => [t, 0]));
    let batches = 0;
    const features = await db.feature.findMany({ select: { id: true }, orderBy: { id: "asc" } });
    for (const { id } of features) {
      for (;;) {
        const got = await purgeBatch(id, cutoff, limit, { outputKeyed: OUTPUT_KEYED_TABLES, timeKeyed: TIME_KEYED_TABLES });
        batches++;
        let any = false;
        for (const [t, n] of Object.entries(got)) {
          deleted[t] += n;
          if (n > 0) any = true;
        }
        if (!any) break;
        await pause(); // let waiting writes in between batches
      }
    }
    const result = { cutoff, days, deleted, batches, ms: Math.round(performance.now() - started) };
    const total = Object.values(deleted).reduce((a, b) => a + b, 0);
    if (total > 0) {
      await writeTransaction((tx) =>
        audit(tx, {
          actor: "system:retention",
          action: "retention.purge",
          target: "raw events",
          reason: `older than ${days} days (before ${new Date(cutoff).toISOString()})`,
          after: { cutoff, days, deleted: Object.fromEntries(Object.entries(deleted).filter(([, n]) => n > 0)), batches: result.batches, ms: result.ms },
        }),
      );
      log.info("retention purge", { days, cutoff: new Date(cutoff).toISOString(), outputs: deleted.Output, ms: result.ms });
    }
    return result;
  };
  return oneInstanceAtATime("rollguard:retention", run);
}

/** The last purge as audited (for the admin page): when, and how many outputs. */
export async function lastPurge(): Promise<{ at: Date; outputs: number; rows: number } | null> {
  const row = await db.auditEvent.findFirst({ where: { action: "retention.purge" }, orderBy: { id: "desc" } });
  if (!row) return null;
  const after = JSON.parse(row.after ?? "{}") as { deleted?: Record<string, number> };
  const deleted = after.deleted ?? {};
  return { at: row.at, outputs: deleted.Output ?? 0, rows: Object.values(deleted).reduce((a, b) => a + b, 0) };
}

/** Purge interval: hourly is frequent enough to keep each run a few batches per feature. */
export const PURGE_INTERVAL_MS = 3_600_000;
