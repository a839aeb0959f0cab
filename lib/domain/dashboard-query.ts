import { modelParam } from "../schemas/model";
import { intervalForRange, MINUTE_MS, type Interval } from "./buckets";
import { modelInterval } from "./model-filter";

// The feature page's filters, as they live in the URL: range (preset or custom from/to), phase,
// segment and whether phases are compared. Parsing never throws: a bad URL falls back to defaults.

export const PRESET_RANGES = ["1h", "24h", "7d", "30d"] as const;
export type PresetRange = (typeof PRESET_RANGES)[number];
export type RangeKey = PresetRange | "custom";
export const DEFAULT_RANGE: PresetRange = "24h";

const HOUR_MS = 60 * MINUTE_MS;
export const RANGE_MS: Record<PresetRange, number> = {
  "1h": HOUR_MS,
  "24h": 24 * HOUR_MS,
  "7d": 7 * 24 * HOUR_MS,
  "30d": 30 * 24 * HOUR_MS,
};
export const RANGE_LABELS: Record<RangeKey, string> = {
  "1h": "Last hour",
  "24h": "Last 24 hours",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  custom: "Custom",
};

/** Custom ranges are kept between 5 minutes and a year (a day interval stays under 400 points). */
const MIN_CUSTOM_MS = 5 * MINUTE_MS;
const MAX_CUSTOM_MS = 366 * 24 * HOUR_MS;

export interface DashboardQuery {
  range: RangeKey;
  from: number;
  to: number;
  interval: Interval;
  phase: string | null;
  segment: string | null;
  /** overlay the phases on the accuracy chart */
  compare: boolean;
  /** one model version's figures (hourly at least: the model rollup keeps hours) */
  model: string | null;
}

type Params = Record<string, string | string[] | undefined>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() || undefined;

/** Epoch ms from an ISO date-time or an epoch-ms number; null when unreadable. */
export function parseInstant(value: string | undefined): number | null {
  if (!value) return null;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  // within years 1970–9999: a 20-digit number is unreadable, not a RangeError later
  return Number.isSafeInteger(ms) && ms >= 0 && ms <= 253_402_300_799_999 ? ms : null;
}

const isPreset = (v: string | undefined): v is PresetRange => PRESET_RANGES.includes(v as PresetRange);

/** A preset range ends now; a custom one is fixed. */
export function rangeBounds(range: PresetRange, now: number): { from: number; to: number } {
  return { from: now - RANGE_MS[range], to: now };
}

export function parseDashboardQuery(params: Params, now: number): DashboardQuery {
  const phase = first(params.phase) ?? null;
  const segment = first(params.segment) ?? null;
  const compare = first(params.compare) === "phases";
  const model = modelParam(params);
  const rangeParam = first(params.range);
  let range: RangeKey = isPreset(rangeParam) ? rangeParam : DEFAULT_RANGE;
  let { from, to } = rangeBounds(range as PresetRange, now);
  if (rangeParam === "custom") {
    const f = parseInstant(first(params.from));
    const t = parseInstant(first(params.to));
    if (f !== null && t !== null && t - f >= MIN_CUSTOM_MS && t - f <= MAX_CUSTOM_MS) {
      range = "custom";
      from = f;
      to = t;
    }
  }
  return { range, from, to, interval: modelInterval(intervalForRange(from, to), model), phase, segment, compare, model };
}

/** The URL search string for a query; defaults are left out so links stay short. */
export function dashboardSearch(
  q: Pick<DashboardQuery, "range" | "phase" | "segment" | "compare"> & Partial<Pick<DashboardQuery, "from" | "to" | "model">>,
): string {
  const p = new URLSearchParams();
  if (q.range !== DEFAULT_RANGE) p.set("range", q.range);
  if (q.range === "custom" && q.from !== undefined && q.to !== undefined) {
    p.set("from", new Date(q.from).toISOString());
    p.set("to", new Date(q.to).toISOString());
  }
  if (q.phase) p.set("phase", q.phase);
  if (q.segment) p.set("segment", q.segment);
  if (q.compare) p.set("compare", "phases");
  if (q.model) p.set("model", q.model);
  const s = p.toString();
  return s ? `?${s}` : "";
}

/**
 * The metrics API query for this view at `now`: a preset range slides with the clock (so a live
 * refresh sees new events), a custom range stays where it is.
 */
export function metricsSearch(q: DashboardQuery, now: number, phase = q.phase): string {
  const { from, to } = q.range === "custom" ? q : rangeBounds(q.range, now);
  const p = new URLSearchParams({ from: String(from), to: String(to), interval: q.interval });
  if (phase) p.set("phase", phase);
  if (q.segment) p.set("segment", q.segment);
  if (q.model) p.set("model", q.model);
  return `?${p}`;
}
