import {
  accuracySeries,
  incidentResult,
  WEEK_MS,
  type BacktestAlert,
  type BacktestPeriod,
  type BacktestResult,
  type BacktestWindow,
  type SequentialBacktestRule,
} from "./backtest";
import { MINUTE_MS } from "./buckets";
import { MinuteSeries } from "./rule-replay";
import { replaySequential } from "./sequential-replay";
import { baselineReachDays, DAY_MINUTES, SEQUENTIAL_DEFAULTS, sliceReading, type CellCount, type SequentialRule } from "./sequential-rule";

// The backtest of a sequential rule: `replaySequential` (the live evaluator's statistic, minute by
// minute, every slice) turned into the same result a windowed rule's backtest gives — alerts (each
// naming its slice), watch periods, alerts per week, the incident's detection delay.

export interface SequentialBacktestInput {
  rule: SequentialBacktestRule & { phase?: string | null; segment?: string | null };
  /** per-day cell counts from the baseline of the first day the memory touches */
  days: CellCount[];
  /** per-minute cell counts from the memory before `from` to `to` */
  minutes: CellCount[];
  /** the feature's phase keys in plan order */
  phases?: readonly string[];
  from: number;
  to: number;
  incident?: BacktestWindow | null;
  seriesMinutes?: number;
}

/** How far back the reads must reach for a backtest starting at `from`: days and minutes. */
export function sequentialLookback(rule: Pick<SequentialBacktestRule, "params">, from: number) {
  const memory = rule.params.memoryMinutes ?? SEQUENTIAL_DEFAULTS.memoryMinutes;
  const fromMinute = Math.floor(from / MINUTE_MS) - memory + 1;
  return { fromMinute, fromDay: Math.floor(fromMinute / DAY_MINUTES) - baselineReachDays(rule.params) };
}

/** `phases`: the feature's phase keys in plan order (a "previous_phase" baseline reads it). */
export const toSequentialRule = (r: SequentialBacktestInput["rule"], phases?: readonly string[]): SequentialRule => ({
  signal: r.metric,
  params: r.params,
  windowMinutes: r.windowMinutes,
  phase: r.phase ?? null,
  segment: r.segment ?? null,
  ...(phases ? { phases } : {}),
});

export function backtestSequential(input: SequentialBacktestInput): BacktestResult {
  const { rule, from, to } = input;
  const replay = replaySequential(toSequentialRule(rule, input.phases), input.days, input.minutes, from, to);
  const alerts: BacktestAlert[] = [];
  const open = new Map<string, BacktestAlert>();
  const watch: BacktestPeriod[] = [];
  let e = 0;
  let minutesInAlert = 0;
  let minutesInWatch = 0;
  for (const { at, status } of replay.statuses) {
    while (replay.events[e]?.at === at) {
      const ev = replay.events[e++];
      const reading = sliceReading(rule.metric, ev.assessment);
      const r = {
        value: reading.value,
        lower: reading.lower,
        upper: reading.upper,
        sampleSize: reading.sampleSize,
        message: reading.message,
      };
      if (ev.transition === "opened") {
        const a: BacktestAlert = {
          openedAt: at,
          resolvedAt: null,
          opened: r,
          resolved: null,
          minutes: 0,
          duringIncident: false,
          slice: ev.sliceId,
        };
        alerts.push(a);
        open.set(ev.sliceId, a);
      } else {
        const a = open.get(ev.sliceId);
        if (a) {
          a.resolvedAt = at;
          a.resolved = r;
          a.minutes++;
          open.delete(ev.sliceId);
        }
      }
    }
    for (const a of open.values()) a.minutes++;
    if (open.size > 0 || alerts.some((a) => a.resolvedAt === at)) {
      minutesInAlert++;
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
  const fromMinute = Math.floor(from / MINUTE_MS);
  const toMinute = Math.ceil(to / MINUTE_MS);
  // the series drawn under the periods: accuracy for an accuracy rule, the thumbs-down share for a thumbs-down rule
  const accuracy =
    rule.metric === "accuracy" || rule.metric === "thumbs_down"
      ? new MinuteSeries(fromMinute, toMinute, aggregate(input.minutes, fromMinute, toMinute, rule.metric), { bins: false })
      : null;
  return {
    rule,
    from,
    to,
    alerts,
    watch,
    summary: {
      minutes: evaluated,
      alerts: alerts.length,
      alertsPerWeek: to > from ? alerts.length / ((to - from) / WEEK_MS) : 0,
      minutesInAlert,
      shareInAlert: evaluated > 0 ? minutesInAlert / evaluated : 0,
      minutesInWatch,
      shareInWatch: evaluated > 0 ? minutesInWatch / evaluated : 0,
      wouldPause: pauses,
      firstPauseAt: pauses ? alerts[0].openedAt : null,
    },
    incident: input.incident ? incidentResult(rule, alerts, input.incident, to) : null,
    series: accuracy ? accuracySeries(accuracy, fromMinute, toMinute, input.seriesMinutes ?? 60) : [],
  };
}

/** The accuracy signal's cells summed per minute (n = labelled, bad = wrong). */
function aggregate(cells: CellCount[], fromMinute: number, toMinute: number, signal: "accuracy" | "thumbs_down") {
  const by = new Map<number, { labelled: number; wrong: number }>();
  for (const c of cells) {
    if (c.at < fromMinute || c.at >= toMinute) continue;
    const m = by.get(c.at) ?? { labelled: 0, wrong: 0 };
    m.labelled += c.n;
    m.wrong += c.bad;
    by.set(c.at, m);
  }
  const thumbs = signal === "thumbs_down";
  // a thumbs-down cell counts thumbs (n) and thumbs down (bad); an accuracy cell labels and wrong ones
  return [...by].map(([minute, m]) => ({
    minute,
    labelled: thumbs ? 0 : m.labelled,
    correct: thumbs ? 0 : m.labelled - m.wrong,
    thumbsUp: thumbs ? m.labelled - m.wrong : 0,
    thumbsDown: thumbs ? m.wrong : 0,
    criticalTickets: 0,
    bins: [],
  }));
}
