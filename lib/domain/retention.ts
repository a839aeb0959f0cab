// Retention of raw events (issue 14): outputs and everything keyed by them are kept for a number of
// days, rollups forever. Pure rules shared by the purge (lib/data/retention.ts) and ingest.

export const DAY_MS = 86_400_000;

/**
 * The shortest retention accepted: the weekly review reads the last complete week (up to 14 days
 * back), the charts' longest range is 30 days and their drill-downs read raw outputs; 35 days keeps
 * all of them whole, with a few days to spare for late labels.
 */
export const MIN_RETENTION_DAYS = 35;

/** Raw events older than this moment are purged, and refused at ingest (null: kept forever). */
export function retentionCutoff(now: number, days: number | null): number | null {
  return days === null ? null : now - days * DAY_MS;
}

/**
 * Whether an event with its own id and time (output, ticket, accuracy sample) is too old to be
 * stored: its id may already have been purged, so storing it could count it a second time.
 */
export function olderThanRetention(at: number, now: number, days: number | null): boolean {
  const cutoff = retentionCutoff(now, days);
  return cutoff !== null && at < cutoff;
}
