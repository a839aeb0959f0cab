import type { BacktestPeriod, BacktestResult } from "./backtest";
import { MINUTE_MS } from "./buckets";
import { rate } from "./stats";
import { axisFloor, MIN_SAMPLE, rateRow, type RateRow } from "./chart-rows";

// What the backtest chart draws: hourly accuracy rows, the would-have-fired alert periods and the
// "watch" periods — in epoch minutes on a numeric time axis. Watch periods a few minutes apart
// are joined: at a month's scale they are one stretch to the eye, and hundreds of slivers would
// hide the series.

export interface ChartArea {
  x1: number;
  x2: number;
}

export interface BacktestChartData {
  /** what the rows measure: the rule's own signal (a thumbs-down rule draws the thumbs-down share, a latency rule p95 latency, a cost rule the cost per output) */
  measure: "accuracy" | "thumbs_down" | "latency" | "cost";
  /** cost rules: the price table's currency */
  currency?: string | null;
  /** the value axis's ticks for a figure (latency, cost); shares get percent ticks */
  ticks?: number[];
  rows: RateRow[];
  alerts: ChartArea[];
  watch: ChartArea[];
  domain: [number, number];
  yMin: number;
  yMax: number;
  /** the line the rule holds the series to: an accuracy floor, or a thumbs-down ceiling */
  floor: number | null;
}

type ChartInput = Pick<BacktestResult, "from" | "to" | "series" | "watch" | "currency"> & {
  alerts: { openedAt: number; resolvedAt: number | null }[];
  rule: {
    kind?: string;
    metric: string;
    params: { threshold?: number; ceiling?: number; baseline?: string; level?: number; ms?: number; cost?: number };
  };
};

const toMinute = (ms: number) => Math.floor(ms / MINUTE_MS);

/** Joins periods separated by less than `gapMinutes`. */
export function joinPeriods(periods: Pick<BacktestPeriod, "from" | "to">[], gapMinutes: number): ChartArea[] {
  const out: ChartArea[] = [];
  for (const p of periods) {
    const area = { x1: toMinute(p.from), x2: toMinute(p.to) };
    const last = out[out.length - 1];
    if (last && area.x1 - last.x2 < gapMinutes) last.x2 = Math.max(last.x2, area.x2);
    else out.push(area);
  }
  return out;
}

/** The alert and watch areas and the time axis, in epoch minutes, whatever the rule measures. */
function periodsOf(result: ChartInput, options: { watchGapMinutes?: number }): Pick<BacktestChartData, "alerts" | "watch" | "domain"> {
  const end = toMinute(result.to);
  return {
    // an alert is drawn from the minute it opened to the end of the minute it resolved (or the range)
    alerts: result.alerts.map((a) => ({ x1: toMinute(a.openedAt), x2: a.resolvedAt === null ? end : toMinute(a.resolvedAt) + 1 })),
    watch: joinPeriods(result.watch, options.watchGapMinutes ?? 30),
    domain: [toMinute(result.from), end],
  };
}

export function backtestChartData(result: ChartInput, options: { watchGapMinutes?: number; minSample?: number } = {}): BacktestChartData {
  const r = result.rule;
  if (r.metric === "latency_ceiling" || r.metric === "cost_ceiling") return usageChartData(result, options);
  const measure = r.metric === "thumbs_down_ceiling" || r.metric === "thumbs_down" ? "thumbs_down" : "accuracy";
  const rows = result.series.map((p) =>
    rateRow(p.start, measure === "thumbs_down" ? (p.thumbsDown ?? rate(0, 0)) : p.accuracy, options.minSample ?? MIN_SAMPLE),
  );
  const fixed = r.kind === "sequential" && r.params.baseline === "fixed" ? (r.params.level ?? null) : null;
  // the line a rule holds its series to: a floor's threshold, a ceiling, a sequential rule's fixed level
  const floor =
    r.metric === "accuracy_floor"
      ? (r.params.threshold ?? null)
      : r.metric === "thumbs_down_ceiling"
        ? (r.params.ceiling ?? null)
        : r.metric === "accuracy" || r.metric === "thumbs_down"
          ? fixed
          : null;
  return {
    rows,
    ...periodsOf(result, options),
    // The axis follows the well-sampled hours and the floor: over a month, a few night hours with a
    // handful of labels would otherwise squash the series into the top of the chart.
    // A share of thumbs down sits near 0: its axis starts at 0 and ends a step above the highest band or the ceiling.
    yMin: measure === "thumbs_down" ? 0 : axisFloor([...rows.map((r) => r.solidBand?.[0]), floor], 0.5),
    yMax: measure === "thumbs_down" ? axisCeiling([...rows.map((r) => r.solidBand?.[1]), floor]) : 1,
    measure,
    floor,
  };
}

/**
 * A latency or cost rule: each hour's p95 latency (ms) or cost per output under the rule's ceiling,
 * on an axis from 0 to a step above the highest hour or the ceiling. A figure, not a rate: no band;
 * an hour with fewer than `minSample` timed or priced outputs is a hollow marker.
 */
function usageChartData(result: ChartInput, options: { watchGapMinutes?: number; minSample?: number }): BacktestChartData {
  const minN = options.minSample ?? MIN_SAMPLE;
  const latency = result.rule.metric === "latency_ceiling";
  const rows: RateRow[] = result.series.map((p) => {
    const { value, n } = p.usage ?? { value: null, n: 0 };
    const seen = value !== null && n > 0;
    return {
      start: p.start,
      value: seen ? value : null,
      band: null,
      solidBand: null,
      n,
      solid: seen && n >= minN ? value : null,
      sparse: seen && n < minN ? value : null,
    };
  });
  const floor = (latency ? result.rule.params.ms : result.rule.params.cost) ?? null;
  const ticks = figureTicks(Math.max(0, ...rows.map((r) => r.value ?? 0), floor ?? 0) * 1.05);
  return {
    rows,
    ...periodsOf(result, options),
    yMin: 0,
    yMax: ticks[ticks.length - 1],
    ticks,
    measure: latency ? "latency" : "cost",
    ...(latency ? {} : { currency: result.currency ?? null }),
    floor,
  };
}

/** Round ticks from 0 to at least `top`: 3–5 of them, a step of 1, 2, 2.5 or 5 × a power of ten. */
export function figureTicks(top: number): number[] {
  if (!(top > 0) || !Number.isFinite(top)) return [0, 0.25, 0.5, 0.75, 1];
  const raw = top / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((v) => v >= raw * (1 - 1e-12))!;
  const n = Math.ceil(top / step - 1e-9);
  // products, not sums: 3 × 0.005 prints as 0.015, not 0.015000000000000001
  return Array.from({ length: n + 1 }, (_, i) => Number((i * step).toPrecision(12)));
}

/** The top of a share axis: the next tenth above the highest value, at least 10 %, at most 100 %. */
export function axisCeiling(values: (number | null | undefined)[]): number {
  const finite = values.filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  const top = finite.length ? Math.max(...finite) : 0;
  return Math.min(1, Math.max(0.1, Math.ceil(top * 10 + 1e-9) / 10));
}
