// Time ranges of the weekly review. Days are UTC days ("YYYY-MM-DD"), so a review link means
// the same outputs for every reader; a week (for tag patterns) starts on Monday 00:00 UTC.

export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Monday 00:00 UTC of the week that holds `ms` (epoch ms). */
export function weekStart(ms: number): number {
  const day = Math.floor(ms / DAY_MS) * DAY_MS;
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday = 0
  return day - weekday * DAY_MS;
}

/** "2026-11-17" for the UTC day of `ms`. */
export const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Epoch ms of 00:00 UTC of a "YYYY-MM-DD" day, or null when it is not a real day. */
export function parseUtcDay(day: string): number | null {
  if (!DAY_RE.test(day)) return null;
  const ms = Date.parse(`${day}T00:00:00Z`);
  return Number.isFinite(ms) && utcDay(ms) === day ? ms : null;
}

export interface ReviewRange {
  /** first day, inclusive */
  fromDay: string;
  /** last day, inclusive */
  toDay: string;
  /** epoch ms, [from, to) */
  from: number;
  to: number;
}

export const MAX_REVIEW_DAYS = 31;

/**
 * The review's days: defaults to the last 7 UTC days including today; a reversed range is
 * swapped, a longer one than 31 days is cut at its start, and unreadable days fall back to the default.
 */
export function reviewRange(q: { from?: string; to?: string }, now: number): ReviewRange {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const askedTo = q.to ? parseUtcDay(q.to) : null;
  const askedFrom = q.from ? parseUtcDay(q.from) : null;
  let to: number = askedTo ?? (askedFrom !== null ? askedFrom + 6 * DAY_MS : today);
  let from: number = askedFrom ?? to - 6 * DAY_MS;
  if (from > to) [from, to] = [to, from];
  if (to - from >= MAX_REVIEW_DAYS * DAY_MS) from = to - (MAX_REVIEW_DAYS - 1) * DAY_MS;
  return { fromDay: utcDay(from), toDay: utcDay(to), from, to: to + DAY_MS };
}

/** The same number of days just before or after `r` (for "previous / next week" links). */
export function shiftRange(r: ReviewRange, direction: -1 | 1): { from: string; to: string } {
  const span = r.to - r.from;
  return { from: utcDay(r.from + direction * span), to: utcDay(r.to - DAY_MS + direction * span) };
}
