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
const WIDTH = SCALARS.length + 3 * CONFIDENCE_BINS;

/** Prefix sums over a dense minute range so that any window is two lookups. */
export class MinuteSeries {
  private readonly prefix: Float64Array;

  constructor(
    readonly fromMinute: number,
    readonly toMinute: number,
    minutes: MinuteCounts[],
  ) {
    const length = Math.max(0, toMinute - fromMinute);
    this.prefix = new Float64Array((length + 1) * WIDTH);
    const raw = new Float64Array(length * WIDTH);
    for (const m of minutes) {
      const i = m.minute - fromMinute;
      if (i < 0 || i >= length) continue;
      const row = i * WIDTH;
      SCALARS.forEach((k, j) => (raw[row + j] += m[k]));
      m.bins.forEach((b, bin) => {
        const at = row + SCALARS.length + 3 * bin;
        raw[at] += b.n;
        raw[at + 1] += b.correct;
        raw[at + 2] += b.confidenceSum;
      });
    }
    for (let i = 0; i < length; i++) {
      for (let j = 0; j < WIDTH; j++) this.prefix[(i + 1) * WIDTH + j] = this.prefix[i * WIDTH + j] + raw[i * WIDTH + j];
    }
  }

  /** Sums of minutes [from, to), clipped to the series. */
  sum(from: number, to: number): WindowCounts {
    const clip = (m: number) => Math.min(this.toMinute, Math.max(this.fromMinute, m)) - this.fromMinute;
    const a = clip(from) * WIDTH;
    const b = clip(to) * WIDTH;
    const at = (j: number) => this.prefix[b + j] - this.prefix[a + j];
    const out: WindowCounts = { labelled: at(0), correct: at(1), thumbsUp: at(2), thumbsDown: at(3), criticalTickets: at(4), bins: [] };
    for (let bin = 0; bin < CONFIDENCE_BINS; bin++) {
      const j = SCALARS.length + 3 * bin;
      out.bins.push({ n: at(j), correct: at(j + 1), confidenceSum: at(j + 2) });
    }
    return out;
  }
}

/**
 * Evaluates the rule at the end of every minute in [fromMs, toMs) as the live evaluator would,
 * starting from `memory`. `series` must cover the window (and baseline) before `fromMs`.
 */
export function replayRule(rule: RuleDefinition, series: MinuteSeries, fromMs: number, toMs: number, memory: AlertMemory = NO_ALERT) {
  const events: ReplayEvent[] = [];
  const statuses: { at: number; status: Assessment["status"] }[] = [];
  let state = memory;
  for (let t = Math.floor(fromMs / MINUTE_MS) * MINUTE_MS + MINUTE_MS - 1; t < toMs; t += MINUTE_MS) {
    const r = ruleRanges(rule, t);
    const window = series.sum(r.window.fromMinute, r.window.toMinute);
    const baseline = r.baseline ? series.sum(r.baseline.fromMinute, r.baseline.toMinute) : undefined;
    const step = evaluateRule(rule, state, { window, baseline }, t);
    state = step.memory;
    statuses.push({ at: t, status: step.assessment.status });
    if (step.transition) events.push({ at: t, transition: step.transition, assessment: step.assessment });
  }
  return { events, statuses, memory: state };
}
