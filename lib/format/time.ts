import { INTERVAL_MINUTES, MINUTE_MS, type Interval } from "../domain/buckets";

// Times for people. Minute and hour buckets are shown in the viewer's time zone (`timeZone`
// undefined = the runtime's own); day buckets are UTC days, so they are labelled as such.

const LOCALE = "en-US";

const fmt = (options: Intl.DateTimeFormatOptions, timeZone?: string) =>
  new Intl.DateTimeFormat(LOCALE, { ...options, timeZone, hourCycle: "h23" });

/** Axis tick for the bucket that starts at `start` (epoch minute). */
export function formatTick(start: number, interval: Interval, timeZone?: string): string {
  const d = new Date(start * MINUTE_MS);
  if (interval === "day") return fmt({ month: "short", day: "numeric" }, "UTC").format(d);
  if (interval === "minute") return fmt({ hour: "2-digit", minute: "2-digit" }, timeZone).format(d);
  return fmt({ month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" }, timeZone).format(d);
}

/**
 * The whole bucket, for tooltips, tables and findings: "Nov 17, 14:00–15:00" or "Nov 17 (UTC day)";
 * a pooled point spans `minutes` ("Nov 17, 12:00–18:00", "Nov 3–Nov 9 (UTC days)").
 */
export function formatPeriod(start: number, interval: Interval, timeZone?: string, minutes?: number): string {
  const d = new Date(start * MINUTE_MS);
  const span = minutes ?? INTERVAL_MINUTES[interval];
  if (interval === "day") {
    const day = fmt({ month: "short", day: "numeric" }, "UTC");
    if (span <= 1440) return `${day.format(d)} (UTC day)`;
    return `${day.format(d)}–${day.format(new Date(d.getTime() + (span - 1440) * MINUTE_MS))} (UTC days)`;
  }
  const day = fmt({ month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" }, timeZone).format(d);
  if (span === 1) return day;
  const end = fmt({ hour: "2-digit", minute: "2-digit" }, timeZone).format(new Date(d.getTime() + span * MINUTE_MS));
  return `${day}–${end}`;
}

/** A moment, e.g. a range bound: "Nov 17, 2026, 14:05". */
export function formatInstant(ms: number, timeZone?: string, seconds = false): string {
  return fmt(
    { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", ...(seconds ? { second: "2-digit" } : {}) },
    timeZone,
  ).format(new Date(ms));
}

/** A calendar day in the viewer's zone: "Nov 17, 2026". */
export function formatDay(ms: number, timeZone?: string): string {
  return new Intl.DateTimeFormat(LOCALE, { year: "numeric", month: "short", day: "numeric", timeZone }).format(new Date(ms));
}

/** "just now", "12 s ago", "3 min ago", "2 h ago". */
export function formatAgo(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 2) return "just now";
  if (s < 60) return `${s} s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  return `${Math.floor(m / 60)} h ago`;
}

/** Value for an <input type="datetime-local"> in the runtime's time zone. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The UTC "YYYY-MM-DDTHH:mm" for a datetime-local value read in the runtime's zone ("" stays ""). */
export function localInputToUtc(value: string): string {
  if (!value) return "";
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? "" : new Date(ms).toISOString().slice(0, 16);
}

/** The datetime-local value in the runtime's zone for a UTC "YYYY-MM-DD[THH:mm]" ("" stays ""). */
export function utcToLocalInput(value: string): string {
  if (!value) return "";
  const ms = Date.parse(`${value.length === 10 ? `${value}T00:00` : value}Z`);
  return Number.isNaN(ms) ? "" : toLocalInput(ms);
}
