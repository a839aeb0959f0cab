import { INTERVAL_MINUTES, MINUTE_MS, type Interval } from "./buckets";

// Alert periods on a chart whose x axis is the list of bucket starts (a category axis): each
// alert is snapped to the buckets it touches, from the one it opened in to the one it resolved
// in (or the last bucket while it is unresolved). Alerts outside the rows are left out.

export interface AlertPeriodInput {
  id: string;
  rule: string;
  status: string;
  /** epoch ms */
  openedAt: number;
  /** epoch ms, null while unresolved */
  resolvedAt: number | null;
}

export interface AlertArea {
  id: string;
  /** bucket starts (epoch minutes), both present in the rows */
  x1: number;
  x2: number;
  /** short label drawn on the chart: "A1", "A2" … (the legend names the rule) */
  label: string;
  rule: string;
  status: string;
  openedAt: number;
  resolvedAt: number | null;
}

/** The start of the bucket that holds `minute`, among sorted bucket starts (the first one for earlier minutes). */
export function bucketStartOf(sortedStarts: readonly number[], minute: number): number {
  let found = sortedStarts[0]!;
  for (const s of sortedStarts) {
    if (s > minute) break;
    found = s;
  }
  return found;
}

/** `bucketMinutes`: the rows' bucket length when points are pooled (default: the interval's). */
export function alertAreas(alerts: AlertPeriodInput[], rowStarts: number[], interval: Interval, bucketMinutes?: number): AlertArea[] {
  if (rowStarts.length === 0) return [];
  const starts = [...rowStarts].sort((a, b) => a - b);
  const first = starts[0]!;
  const last = starts[starts.length - 1]!;
  const end = last + (bucketMinutes ?? INTERVAL_MINUTES[interval]); // the end of the last bucket
  const bucketOf = (minute: number) => bucketStartOf(starts, minute);
  const out: AlertArea[] = [];
  for (const a of [...alerts].sort((x, y) => x.openedAt - y.openedAt)) {
    const opened = Math.floor(a.openedAt / MINUTE_MS);
    const resolved = a.resolvedAt === null ? null : Math.floor(a.resolvedAt / MINUTE_MS);
    if (opened >= end || (resolved !== null && resolved < first)) continue;
    out.push({
      id: a.id,
      x1: bucketOf(Math.max(opened, first)),
      x2: resolved === null ? last : bucketOf(Math.min(resolved, end - 1)),
      label: `A${out.length + 1}`,
      rule: a.rule,
      status: a.status,
      openedAt: a.openedAt,
      resolvedAt: a.resolvedAt,
    });
  }
  return out;
}
