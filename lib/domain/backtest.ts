import { MINUTE_MS } from "./buckets";
import { MinuteSeries, replayRule, type MinuteCounts } from "./rule-replay";
import { DEFAULT_PARAMS, type Assessment, type RuleDefinition, type WindowCounts } from "./rules";
import type { SequentialParams, SequentialSignal } from "./sequential-rule";
import { rate, type Rate } from "./stats";
import { usageFigure, usageWindows, type UsageHistory } from "./usage-backtest";

// What a rule would have done over a past range: the live evaluator's own `evaluateRule`, run at
// the end of every minute by `replayRule` over the range's minute buckets (already summed over the
// rule's scope), turned into alert periods, "watch" periods and the figures an owner needs before
// trusting the rule: alerts per week, share of time in alert, and — for a marked incident —
// detection delay and whether a `pause` action would have fired.

export const WEEK_MS = 7 * 1440 * MINUTE_MS;

export interface WindowBacktestRule extends RuleDefinition {
  kind?: "window";
  action: "notify" | "pause";
}

export interface SequentialBacktestRule {
  kind: "sequential";
  metric: SequentialSignal;
  params: SequentialParams;
  windowMinutes: number;
  minSamples: number;
  action: "notify" | "pause";
}

/** A rule to backtest: one of the rule kinds (a union on `kind`; a rule without it is windowed). */
export type BacktestRule = WindowBacktestRule | SequentialBacktestRule;

export interface BacktestWindow {
  from: number;
  to: number;
}

export interface BacktestInput {
  rule: WindowBacktestRule;
  /** per-minute counters of the rule's scope; must cover `lookbackMinutes(rule)` before `from` */
  minutes: MinuteCounts[];
  /** epoch ms; evaluations happen at the end of each minute in [from, to) */
  from: number;
  to: number;
  incident?: BacktestWindow | null;
  /** bucket size of the accuracy series drawn under the periods (default 60 minutes) */
  seriesMinutes?: number;
  /** latency and cost rules: the usage rollups their windows read */
  usage?: UsageHistory;
}

/** The assessment at a transition, without the free text the live alert also stores. */
export interface BacktestReading {
  value: number | null;
  lower: number | null;
  upper: number | null;
  sampleSize: number;
  message: string;
}

export interface BacktestAlert {
  /** evaluator clock (epoch ms) of the minute that opened it */
  openedAt: number;
  /** evaluator clock of the minute that resolved it; null when still open at the end of the range */
  resolvedAt: number | null;
  opened: BacktestReading;
  resolved: BacktestReading | null;
  /** minutes the alert was open inside the range */
  minutes: number;
  /** false when no incident was given, or the alert does not touch the incident (plus one window of lag) */
  duringIncident: boolean;
  /** sequential rules: the slice that breached */
  slice?: string;
}

export interface BacktestPeriod {
  /** start of the first minute, epoch ms */
  from: number;
  /** end of the last minute, epoch ms */
  to: number;
  minutes: number;
}

export interface BacktestSeriesPoint {
  /** epoch minute at the start of the bucket */
  start: number;
  accuracy: Rate;
  /** share of thumbs down among thumbs (drawn for thumbs-down rules; n = 0 when not read) */
  thumbsDown?: Rate;
  /** latency and cost rules: the bucket's p95 latency (ms) or cost per output, over n timed or priced outputs */
  usage?: { value: number | null; n: number };
}

export interface BacktestIncidentResult extends BacktestWindow {
  detected: boolean;
  /** when the first alert was open during the incident (the incident start if one was already open) */
  detectedAt: number | null;
  detectionDelayMinutes: number | null;
  /** a `pause` rule would have stopped the feature at `detectedAt` */
  wouldPause: boolean;
  /** alerts that do not touch the incident: false alarms, as far as the marked window tells */
  alertsOutside: number;
}

export interface BacktestSummary {
  /** evaluations made (one per minute) */
  minutes: number;
  alerts: number;
  alertsPerWeek: number;
  minutesInAlert: number;
  shareInAlert: number;
  minutesInWatch: number;
  shareInWatch: number;
  /** the rule's action is `pause` and it opened at least one alert */
  wouldPause: boolean;
  firstPauseAt: number | null;
}

export interface BacktestResult {
  rule: BacktestRule;
  from: number;
  to: number;
  alerts: BacktestAlert[];
  watch: BacktestPeriod[];
  summary: BacktestSummary;
  incident: BacktestIncidentResult | null;
  series: BacktestSeriesPoint[];
  /** cost rules: the price table's currency (null without a table) */
  currency?: string | null;
}

/** How far before `from` the buckets must reach: one window, plus the baseline of a drop rule. */
export function lookbackMinutes(rule: Pick<WindowBacktestRule, "metric" | "params" | "windowMinutes">): number {
  const baseline = rule.metric === "accuracy_drop" ? (rule.params.baselineMinutes ?? DEFAULT_PARAMS.baselineMinutes) : 0;
  return rule.windowMinutes + baseline;
}

const reading = (a: Assessment): BacktestReading => ({
  value: a.value,
  lower: a.lower,
  upper: a.upper,
  sampleSize: a.sampleSize,
  message: a.message,
});

/**
 * Replays `rule` over [from, to) exactly as the live evaluator would have run it once a minute,
 * starting with no alert open at `from`.
 */
export function backtest(input: BacktestInput): BacktestResult {
  const { rule, from, to } = input;
  const fromMinute = Math.floor(from / MINUTE_MS);
  const toMinute = Math.ceil(to / MINUTE_MS);
  const series = new MinuteSeries(fromMinute - lookbackMinutes(rule), toMinute, input.minutes, { bins: rule.metric === "overconfidence" });
  const usage = input.usage ? usageWindows(input.usage, fromMinute - lookbackMinutes(rule), toMinute) : undefined;
  const replay = replayRule(rule, series, from, to, undefined, usage);

  // Alerts from the transitions; watch periods from the per-minute statuses outside alerts.
  const alerts: BacktestAlert[] = [];
  const watch: BacktestPeriod[] = [];
  const events = replay.events;
  let e = 0;
  let open: BacktestAlert | null = null;
  let minutesInAlert = 0;
  let minutesInWatch = 0;
  for (const { at, status } of replay.statuses) {
    const event = events[e]?.at === at ? events[e++] : null;
    if (event?.transition === "opened") {
      open = { openedAt: at, resolvedAt: null, opened: reading(event.assessment), resolved: null, minutes: 0, duringIncident: false };
      alerts.push(open);
    }
    if (open) {
      open.minutes++;
      minutesInAlert++;
      if (event?.transition === "resolved") {
        open.resolvedAt = at;
        open.resolved = reading(event.assessment);
        open = null;
      }
      continue;
    }
    if (status !== "watch") continue;
    minutesInWatch++;
    const start = Math.floor(at / MINUTE_MS) * MINUTE_MS;
    const last = watch[watch.length - 1];
    if (last && last.to === start) {
      last.to = start + MINUTE_MS;
      last.minutes++;
    } else watch.push({ from: start, to: start + MINUTE_MS, minutes: 1 });
  }

  const evaluated = replay.statuses.length;
  const pauses = rule.action === "pause" && alerts.length > 0;
  const summary: BacktestSummary = {
    minutes: evaluated,
    alerts: alerts.length,
    alertsPerWeek: to > from ? alerts.length / ((to - from) / WEEK_MS) : 0,
    minutesInAlert,
    shareInAlert: evaluated > 0 ? minutesInAlert / evaluated : 0,
    minutesInWatch,
    shareInWatch: evaluated > 0 ? minutesInWatch / evaluated : 0,
    wouldPause: pauses,
    firstPauseAt: pauses ? alerts[0].openedAt : null,
  };

  return {
    rule,
    from,
    to,
    alerts,
    watch,
    summary,
    incident: input.incident ? incidentResult(rule, alerts, input.incident, to) : null,
    series: accuracySeries(series, fromMinute, toMinute, input.seriesMinutes ?? 60, usage),
    ...(input.usage?.kind === "cost" ? { currency: input.usage.prices?.currency ?? null } : {}),
  };
}

/**
 * Detection of a marked incident: the first alert open at some point during it (an alert already
 * open at its start counts as detected at once). An alert that opens within one window after the
 * incident ended still belongs to it — the window lags by design.
 */
export function incidentResult(
  rule: BacktestRule,
  alerts: BacktestAlert[],
  incident: BacktestWindow,
  rangeEnd: number,
): BacktestIncidentResult {
  const lagEnd = incident.to + rule.windowMinutes * MINUTE_MS;
  let first: number | null = null;
  let outside = 0;
  for (const a of alerts) {
    a.duringIncident = a.openedAt < lagEnd && (a.resolvedAt ?? rangeEnd) >= incident.from;
    if (!a.duringIncident) outside++;
    else first ??= Math.max(a.openedAt, incident.from);
  }
  return {
    ...incident,
    detected: first !== null,
    detectedAt: first,
    detectionDelayMinutes: first === null ? null : Math.round((first - incident.from) / MINUTE_MS),
    wouldPause: rule.action === "pause" && first !== null,
    alertsOutside: outside,
  };
}

/** Accuracy and thumbs-down share per bucket of `size` minutes (UTC-aligned) over the range, with Wilson intervals. */
export function accuracySeries(
  series: MinuteSeries,
  fromMinute: number,
  toMinute: number,
  size: number,
  usage?: (from: number, to: number) => Partial<WindowCounts>,
): BacktestSeriesPoint[] {
  const out: BacktestSeriesPoint[] = [];
  for (let start = fromMinute - (((fromMinute % size) + size) % size); start < toMinute; start += size) {
    const [a, b] = [Math.max(start, fromMinute), Math.min(start + size, toMinute)];
    const c = series.sum(a, b);
    const point: BacktestSeriesPoint = {
      start,
      accuracy: rate(c.correct, c.labelled),
      thumbsDown: rate(c.thumbsDown, c.thumbsUp + c.thumbsDown),
    };
    if (usage) point.usage = usageFigure(usage(a, b));
    out.push(point);
  }
  return out;
}
