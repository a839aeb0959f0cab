import { CONFIDENCE_BINS, MINUTE_MS } from "./buckets";
import { evaluateRule, NO_ALERT, ruleRanges, type AlertMemory, type Assessment, type RuleDefinition, type WindowCounts } from "./rules";

// Replays a rule minute by minute over per-minute counters with the live evaluator's own
// function (`evaluateRule`), for the backtest and for tests that compare replay with live runs.

export interface MinuteCounts extends WindowCounts {
  minute: number;
}

export interface ReplayEvent {
  at: number;
  transition: "opened" | "resolved";
  assessment: Assessment;
}

const SCALARS = ["labelled", "correct", "thumbsUp", "thumbsDown", "criticalTickets"] as const;

/**
 * Prefix sums over a dense minute range so that any window is two lookups. Only the confidence
 * bins that hold data are kept (a model's outputs crowd into a few), and none at all with
 * `bins: false` (only the overconfidence metric reads them): sums skip bins that are all zeros,
 * which changes no figure the evaluator computes from them.
 */
export class MinuteSeries {
  private readonly prefix: Float64Array;
  private readonly width: number;
  /** indices of the confidence bins kept */
  private readonly binIndex: number[];
  readonly hasBins: boolean;

  constructor(
    readonly fromMinute: number,
    readonly toMinute: number,
    minutes: MinuteCounts[],
    options: { bins?: boolean } = {},
  ) {
    this.hasBins = options.bins ?? true;
    const length = Math.max(0, toMinute - fromMinute);
    const inRange = minutes.filter((m) => m.minute >= fromMinute && m.minute < toMinute);
    const used = new Array<boolean>(CONFIDENCE_BINS).fill(false);
    if (this.hasBins) {
      for (const m of inRange) m.bins.forEach((b, i) => (used[i] ||= b.n !== 0 || b.correct !== 0 || b.confidenceSum !== 0));
    }
    this.binIndex = used.flatMap((u, i) => (u ? [i] : []));
    const width = (this.width = SCALARS.length + 3 * this.binIndex.length);
    const prefix = (this.prefix = new Float64Array((length + 1) * width));
    // Each minute's counters go into row i + 1, then rows accumulate top-down.
    for (const m of inRange) {
      const row = (m.minute - fromMinute + 1) * width;
      for (let j = 0; j < SCALARS.length; j++) prefix[row + j] += m[SCALARS[j]];
      for (let k = 0; k < this.binIndex.length; k++) {
        const b = m.bins[this.binIndex[k]];
        const at = row + SCALARS.length + 3 * k;
        prefix[at] += b.n;
        prefix[at + 1] += b.correct;
        prefix[at + 2] += b.confidenceSum;
      }
    }
    for (let at = width; at < prefix.length; at++) prefix[at] += prefix[at - width];
  }

  /** Sums of minutes [from, to), clipped to the series; `bins` holds the kept bins only. */
  sum(from: number, to: number): WindowCounts {
    const clip = (m: number) => Math.min(this.toMinute, Math.max(this.fromMinute, m)) - this.fromMinute;
    const p = this.prefix;
    const a = clip(from) * this.width;
    const b = clip(to) * this.width;
    const out: WindowCounts = {
      labelled: p[b] - p[a],
      correct: p[b + 1] - p[a + 1],
      thumbsUp: p[b + 2] - p[a + 2],
      thumbsDown: p[b + 3] - p[a + 3],
      criticalTickets: p[b + 4] - p[a + 4],
      bins: [],
    };
    for (let k = 0; k < this.binIndex.length; k++) {
      const j = SCALARS.length + 3 * k;
      out.bins.push({ n: p[b + j] - p[a + j], correct: p[b + j + 1] - p[a + j + 1], confidenceSum: p[b + j + 2] - p[a + j + 2] });
    }
    return out;
  }
}

/**
 * Evaluates the rule at the end of every minute in [fromMs, toMs) as the live evaluator would,
 * starting from `memory`. `series` must cover the window (and baseline) before `fromMs`.
 */
export function replayRule(
  rule: RuleDefinition,
  series: MinuteSeries,
  fromMs: number,
  toMs: number,
  memory: AlertMemory = NO_ALERT,
  /** what the window reads besides the minute counters (latency and cost rules: lib/domain/usage-backtest.ts) */
  extra?: (fromMinute: number, toMinute: number) => Partial<WindowCounts>,
) {
  if (rule.metric === "overconfidence" && !series.hasBins) throw new Error("An overconfidence rule needs a series with confidence bins");
  const events: ReplayEvent[] = [];
  const statuses: { at: number; status: Assessment["status"] }[] = [];
  let state = memory;
  for (let t = Math.floor(fromMs / MINUTE_MS) * MINUTE_MS + MINUTE_MS - 1; t < toMs; t += MINUTE_MS) {
    const r = ruleRanges(rule, t);
    const counts = series.sum(r.window.fromMinute, r.window.toMinute);
    const window = extra ? { ...counts, ...extra(r.window.fromMinute, r.window.toMinute) } : counts;
    const baseline = r.baseline ? series.sum(r.baseline.fromMinute, r.baseline.toMinute) : undefined;
    const step = evaluateRule(rule, state, { window, baseline }, t);
    state = step.memory;
    statuses.push({ at: t, status: step.assessment.status });
    if (step.transition) events.push({ at: t, transition: step.transition, assessment: step.assessment });
  }
  return { events, statuses, memory: state };
}
