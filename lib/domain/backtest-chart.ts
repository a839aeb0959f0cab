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
  /** what the rows measure: the rule's own signal (a thumbs-down rule draws the thumbs-down share) */
  measure: "accuracy" | "thumbs_down";
  rows: RateRow[];
  alerts: ChartArea[];
  watch: ChartArea[];
  domain: [number, number];
  yMin: number;
  yMax: number;
  /** the line the rule holds the series to: an accuracy floor, or a thumbs-down ceiling */
  floor: number | null;
}

type ChartInput = Pick<BacktestResult, "from" | "to" | "series" | "watch"> & {
  alerts: { openedAt: number; resolvedAt: number | null }[];
  rule: { kind?: string; metric: string; params: { threshold?: number; ceiling?: number; baseline?: string; level?: number } };
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
  const r = result.rule;
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
  const end = toMinute(result.to);
  return {
    rows,
    // an alert is drawn from the minute it opened to the end of the minute it resolved (or the range)
    alerts: result.alerts.map((a) => ({ x1: toMinute(a.openedAt), x2: a.resolvedAt === null ? end : toMinute(a.resolvedAt) + 1 })),
    watch: joinPeriods(result.watch, options.watchGapMinutes ?? 30),
    domain: [toMinute(result.from), end],
    // The axis follows the well-sampled hours and the floor: over a month, a few night hours with a
    // handful of labels would otherwise squash the series into the top of the chart.
    // A share of thumbs down sits near 0: its axis starts at 0 and ends a step above the highest band or the ceiling.
    yMin: measure === "thumbs_down" ? 0 : axisFloor([...rows.map((r) => r.solidBand?.[0]), floor], 0.5),
    yMax: measure === "thumbs_down" ? axisCeiling([...rows.map((r) => r.solidBand?.[1]), floor]) : 1,
    measure,
    floor,
  };
}

/** The top of a share axis: the next tenth above the highest value, at least 10 %, at most 100 %. */
export function axisCeiling(values: (number | null | undefined)[]): number {
  const finite = values.filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  const top = finite.length ? Math.max(...finite) : 0;
  return Math.min(1, Math.max(0.1, Math.ceil(top * 10 + 1e-9) / 10));
}
