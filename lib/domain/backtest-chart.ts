import type { BacktestPeriod, BacktestResult } from "./backtest";
import { MINUTE_MS } from "./buckets";
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
  rows: RateRow[];
  alerts: ChartArea[];
  watch: ChartArea[];
  domain: [number, number];
  yMin: number;
  floor: number | null;
}

type ChartInput = Pick<BacktestResult, "from" | "to" | "series" | "watch"> & {
  alerts: { openedAt: number; resolvedAt: number | null }[];
  rule: { kind?: string; metric: string; params: { threshold?: number; baseline?: string; level?: number } };
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

export function backtestChartData(result: ChartInput, options: { watchGapMinutes?: number; minSample?: number } = {}): BacktestChartData {
  const rows = result.series.map((p) => rateRow(p.start, p.accuracy, options.minSample ?? MIN_SAMPLE));
  const r = result.rule;
  // the floor a rule holds the accuracy to: a windowed floor's threshold, a sequential rule's fixed level
  const floor =
    r.metric === "accuracy_floor"
      ? (r.params.threshold ?? null)
      : r.kind === "sequential" && r.metric === "accuracy" && r.params.baseline === "fixed"
        ? (r.params.level ?? null)
        : null;
  const end = toMinute(result.to);
  return {
    rows,
    // an alert is drawn from the minute it opened to the end of the minute it resolved (or the range)
    alerts: result.alerts.map((a) => ({ x1: toMinute(a.openedAt), x2: a.resolvedAt === null ? end : toMinute(a.resolvedAt) + 1 })),
    watch: joinPeriods(result.watch, options.watchGapMinutes ?? 30),
    domain: [toMinute(result.from), end],
    // The axis follows the well-sampled hours and the floor: over a month, a few night hours with a
    // handful of labels would otherwise squash the series into the top of the chart.
    yMin: axisFloor([...rows.map((r) => r.solidBand?.[0]), floor], 0.5),
    floor,
  };
}
