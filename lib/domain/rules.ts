import { MINUTE_MS } from "./buckets";
import { LATENCY_BOUNDS_MS, latencyColumn, latencyQuantile } from "./latency";
import { agreementsOf, judgeAgreement, pairsOf, type JudgeCells } from "./agreement";
import type { CostFigure } from "./cost";
import { expectedCalibrationError, twoProportionTest, wilsonInterval, type CalibrationBin } from "./stats";

// Alert rules that do not cry wolf. One pure function, `evaluateRule`, takes a rule, what it
// remembers (is an alert open, since when has the condition been clear), the counters of its
// window (and baseline) and the clock, and returns the assessment and the transition. The live
// evaluator and the backtest (issue 9) both call it minute by minute, so they cannot disagree.

// judge_agreement_drop is a rule kind of its own (issue 16), added to this model as it stands; it
// reads the hourly judge rollup, so its window and baseline count in whole hours.
// cost_ceiling (issue 27) reads the hourly model rollup's token sums, priced at read time: its
// window counts the whole hours it touches.
// product_disobeyed (issue 13) is built in: AI answers reported as shown while the feature is
// paused (lib/domain/proof.ts assesses it from the pause, not from a window; never backtested).
export const RULE_METRICS = [
  "accuracy_floor",
  "accuracy_drop",
  "thumbs_down_ceiling",
  "critical_tickets",
  "overconfidence",
  "judge_agreement_drop",
  "product_disobeyed",
  "latency_ceiling",
  "cost_ceiling",
] as const;
/** Rule kinds the minute-by-minute backtest can replay (the judge agreement rule's rollup has its own cells). */
export const BACKTESTABLE_METRICS: readonly RuleMetric[] = [
  "accuracy_floor",
  "accuracy_drop",
  "thumbs_down_ceiling",
  "critical_tickets",
  "overconfidence",
  "latency_ceiling",
  "cost_ceiling",
];
export type RuleMetric = (typeof RULE_METRICS)[number];

export interface RuleParams {
  /** accuracy_floor: the floor, e.g. 0.85 */
  threshold?: number;
  /** accuracy_drop, judge_agreement_drop: the drop that matters, in proportion points (0.05 = 5 points) */
  points?: number;
  /** accuracy_drop: trailing baseline length before the window */
  baselineMinutes?: number;
  /** accuracy_drop: one-sided significance level */
  alpha?: number;
  /** thumbs_down_ceiling: highest acceptable share of thumbs down */
  ceiling?: number;
  /** critical_tickets: count that opens the alert; product_disobeyed: AI answers shown while paused that open it */
  count?: number;
  /** overconfidence: mean labelled confidence minus accuracy that is too much */
  gap?: number;
  /** overconfidence: expected calibration error that is too much (optional) */
  ece?: number;
  /** latency_ceiling: the p95 latency (ms) that is too slow */
  ms?: number;
  /** cost_ceiling: the cost per priced output (in the price table's currency) that is too dear, e.g. 0.002 */
  cost?: number;
}

export interface RuleDefinition {
  metric: RuleMetric;
  params: RuleParams;
  windowMinutes: number;
  minSamples: number;
}

/** Sums over a window of rollup buckets; `bins` are the labelled outputs per confidence bin. */
export interface WindowCounts {
  labelled: number;
  correct: number;
  thumbsUp: number;
  thumbsDown: number;
  criticalTickets: number;
  bins: CalibrationBin[];
  /** judge_agreement_drop: outputs labelled by both a human and the judge, by cell */
  judge?: JudgeCells;
  /** latency_ceiling: the latency bucket sums (d00..d23) and `timed` of the window */
  latency?: Record<string, number>;
  /** cost_ceiling: the window's cost, priced at read time from the hourly model rollup (whole hours) */
  cost?: CostFigure;
}

export const EMPTY_WINDOW: WindowCounts = { labelled: 0, correct: 0, thumbsUp: 0, thumbsDown: 0, criticalTickets: 0, bins: [] };

export type RuleStatus = "ok" | "watch" | "breach";

export interface Assessment {
  status: RuleStatus;
  /** the figure the rule looks at (accuracy, thumbs-down share, ticket count, confidence gap) */
  value: number | null;
  lower: number | null;
  upper: number | null;
  sampleSize: number;
  message: string;
}

export const DEFAULT_PARAMS: Required<Omit<RuleParams, "ece">> = {
  threshold: 0.85,
  points: 0.05,
  baselineMinutes: 1440,
  alpha: 0.01,
  ceiling: 0.2,
  count: 3,
  gap: 0.1,
  ms: 5000,
  cost: 0.01,
};

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const msText = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`);

/** Durations whose whole bucket lies above `ceilingMs` (bucket i covers (bound[i−1], bound[i]]). */
function surelySlower(sums: Record<string, number>, ceilingMs: number): number {
  let n = 0;
  for (let i = 0; i <= LATENCY_BOUNDS_MS.length; i++) if (i > 0 && LATENCY_BOUNDS_MS[i - 1] >= ceilingMs) n += sums[latencyColumn(i)] ?? 0;
  return n;
}
/** An amount in the price table's currency, three significant digits ("0.00312 USD"). */
export const costText = (x: number, currency: string) => `${x.toPrecision(3)} ${currency}`;
const ci = (lo: number, hi: number) => `95 % CI ${pct(lo)}–${pct(hi)}`;

/** Where a rule looks at `now`: the window holds the current minute and the W-1 before it. */
export function ruleRanges(rule: Pick<RuleDefinition, "metric" | "params" | "windowMinutes">, now: number) {
  const toMinute = Math.floor(now / MINUTE_MS) + 1;
  const fromMinute = toMinute - rule.windowMinutes;
  const baselineMinutes = rule.params.baselineMinutes ?? DEFAULT_PARAMS.baselineMinutes;
  return {
    window: { fromMinute, toMinute },
    baseline:
      rule.metric === "accuracy_drop" || rule.metric === "judge_agreement_drop"
        ? { fromMinute: fromMinute - baselineMinutes, toMinute: fromMinute }
        : null,
  };
}

/** The verdict on one window, without memory: breach needs evidence, a bad point estimate alone is "watch". */
export function assessRule(rule: RuleDefinition, window: WindowCounts, baseline: WindowCounts = EMPTY_WINDOW): Assessment {
  const p = { ...DEFAULT_PARAMS, ...rule.params };
  const enough = (n: number) => n >= rule.minSamples;
  switch (rule.metric) {
    case "accuracy_floor": {
      const n = window.labelled;
      if (n === 0) return none("No labelled outputs in the window");
      const acc = window.correct / n;
      const [lo, hi] = wilsonInterval(window.correct, n);
      const text = `Accuracy ${pct(acc)} (${ci(lo, hi)}, n = ${n}) vs floor ${pct(p.threshold)}`;
      const status = enough(n) && hi < p.threshold ? "breach" : acc < p.threshold ? "watch" : "ok";
      return { status, value: acc, lower: lo, upper: hi, sampleSize: n, message: text };
    }
    case "accuracy_drop": {
      const n1 = window.labelled;
      const n2 = baseline.labelled;
      if (n1 === 0 || n2 === 0) return none("Not enough labelled outputs in the window or the baseline");
      const t = twoProportionTest(window.correct, n1, baseline.correct, n2);
      const [lo, hi] = wilsonInterval(window.correct, n1);
      const text =
        `Accuracy ${pct(window.correct / n1)} (n = ${n1}) vs baseline ${pct(baseline.correct / n2)} (n = ${n2}): ` +
        `${(t.difference * 100).toFixed(1)} points, p = ${t.pLower.toPrecision(2)}`;
      const dropped = t.difference <= -p.points;
      const status = dropped && enough(n1) && enough(n2) && t.pLower < p.alpha ? "breach" : dropped ? "watch" : "ok";
      return { status, value: window.correct / n1, lower: lo, upper: hi, sampleSize: n1, message: text };
    }
    case "judge_agreement_drop": {
      // Agreement between humans and the judge on the same outputs, window vs trailing baseline:
      // a one-sided two-proportion test on raw agreement; κ is reported alongside.
      const w = window.judge;
      const b = baseline.judge;
      const n1 = w ? pairsOf(w) : 0;
      const n2 = b ? pairsOf(b) : 0;
      if (!w || !b || n1 === 0 || n2 === 0) return none("No outputs labelled by both a human and the judge in the window or the baseline");
      const t = twoProportionTest(agreementsOf(w), n1, agreementsOf(b), n2);
      const [lo, hi] = wilsonInterval(agreementsOf(w), n1);
      const k1 = judgeAgreement(w).kappa.value;
      const k2 = judgeAgreement(b).kappa.value;
      const kappa = (k: number | null) => (k === null ? "n/a" : k.toFixed(2));
      const text =
        `Judge agrees with humans on ${pct(agreementsOf(w) / n1)} (n = ${n1}, κ ${kappa(k1)}) vs baseline ` +
        `${pct(agreementsOf(b) / n2)} (n = ${n2}, κ ${kappa(k2)}): ${(t.difference * 100).toFixed(1)} points, p = ${t.pLower.toPrecision(2)}`;
      const dropped = t.difference <= -p.points;
      const status = dropped && enough(n1) && enough(n2) && t.pLower < p.alpha ? "breach" : dropped ? "watch" : "ok";
      return { status, value: agreementsOf(w) / n1, lower: lo, upper: hi, sampleSize: n1, message: text };
    }
    case "thumbs_down_ceiling": {
      const n = window.thumbsUp + window.thumbsDown;
      if (n === 0) return none("No thumbs in the window");
      const share = window.thumbsDown / n;
      const [lo, hi] = wilsonInterval(window.thumbsDown, n);
      const text = `Thumbs down ${pct(share)} (${ci(lo, hi)}, n = ${n}) vs ceiling ${pct(p.ceiling)}`;
      const status = enough(n) && lo > p.ceiling ? "breach" : share > p.ceiling ? "watch" : "ok";
      return { status, value: share, lower: lo, upper: hi, sampleSize: n, message: text };
    }
    case "critical_tickets": {
      const c = window.criticalTickets;
      const text = `${c} critical ticket${c === 1 ? "" : "s"} in ${rule.windowMinutes} min (alert at ${p.count})`;
      const status = c >= p.count ? "breach" : c > 0 ? "watch" : "ok";
      return { status, value: c, lower: null, upper: null, sampleSize: c, message: text };
    }
    case "latency_ceiling": {
      // p95 above the ceiling means more than 5 % of the outputs took longer. Evidence: the outputs
      // surely slower (their whole bucket lies above the ceiling) are more than 5 % even at the low
      // end of their 95 % interval; the estimated p95 above the ceiling alone is "watch".
      const sums = window.latency ?? {};
      const n = sums.timed ?? 0;
      if (n === 0) return none("No output reported a duration in the window");
      const p95 = latencyQuantile(sums, 0.95)!;
      const slower = surelySlower(sums, p.ms);
      const [lo, hi] = wilsonInterval(slower, n);
      const text = `p95 latency ${p95.above ? "over " : ""}${msText(p95.ms)} (n = ${n}) vs ceiling ${msText(p.ms)}; ${pct(slower / n)} surely slower`;
      const status = enough(n) && lo > 0.05 ? "breach" : p95.ms > p.ms ? "watch" : "ok";
      return { status, value: p95.ms, lower: lo, upper: hi, sampleSize: n, message: text };
    }
    case "cost_ceiling": {
      // Tokens × ROLLGUARD_MODEL_PRICES over the outputs of priced models (lib/domain/cost.ts): a
      // figure, not an estimate from a sample, so no interval — above the limit with at least
      // minSamples priced outputs is a breach, with fewer it is "watch".
      const c = window.cost;
      if (!c || c.currency === null) return none(NO_PRICE_TABLE);
      const unpriced = c.unpricedModels.length > 0 ? `; no price for ${c.unpricedModels.join(", ")} (left out)` : "";
      if (c.n === 0 || c.perOutput === null) return none(`No output of a priced model reported token usage in the window${unpriced}`);
      const text = `Cost per output ${costText(c.perOutput, c.currency)} (n = ${c.n} priced outputs) vs limit ${costText(p.cost, c.currency)}${unpriced}`;
      const over = c.perOutput > p.cost;
      const status = over && enough(c.n) ? "breach" : over ? "watch" : "ok";
      return { status, value: c.perOutput, lower: null, upper: null, sampleSize: c.n, message: text };
    }
    case "product_disobeyed":
      // Not a window of the rollups: the live evaluator assesses it from the pause (assessDisobedience).
      return none("Assessed from the AI answers shown since the pause, not from a window");
    case "overconfidence": {
      // Only outputs labelled with their confidence count (bins), not pre-counted accuracy samples.
      // Confidence sums are floating: the live window (SQL SUM over minute rows) and the backtest
      // (differences of prefix sums) reach the same sum by different roundings, which flipped a
      // figure printed at 0.1 (91.6 vs 91.7 %). Both are read at 1e-9, far below any figure shown.
      const bins = window.bins.map((b) => ({ ...b, confidenceSum: Math.round(b.confidenceSum * 1e9) / 1e9 }));
      const n = bins.reduce((s, b) => s + b.n, 0);
      if (n === 0) return none("No labelled outputs with confidence in the window");
      const correct = bins.reduce((s, b) => s + b.correct, 0);
      const conf = bins.reduce((s, b) => s + b.confidenceSum, 0) / n;
      const [accLo, accHi] = wilsonInterval(correct, n);
      const gap = conf - correct / n;
      const ece = expectedCalibrationError(bins) ?? 0;
      // Honest: the gap must exceed the limit even against the most favourable accuracy in the interval.
      const gapBreach = conf - accHi > p.gap;
      const eceBreach = rule.params.ece !== undefined && ece > rule.params.ece;
      const text =
        `Mean confidence ${pct(conf)} vs accuracy ${pct(correct / n)} (n = ${n}): gap ${(gap * 100).toFixed(1)} points ` +
        `(limit ${(p.gap * 100).toFixed(1)}), ECE ${ece.toFixed(3)}`;
      const status =
        enough(n) && (gapBreach || eceBreach)
          ? "breach"
          : gap > p.gap || (rule.params.ece !== undefined && ece > rule.params.ece)
            ? "watch"
            : "ok";
      return { status, value: gap, lower: conf - accHi, upper: conf - accLo, sampleSize: n, message: text };
    }
  }
}

/** Why a cost rule cannot fire: there are no prices to compute a cost with. */
export const NO_PRICE_TABLE =
  "No price table: ROLLGUARD_MODEL_PRICES is unset or invalid, so there is no cost to compare and the rule never fires";

const none = (message: string): Assessment => ({ status: "ok", value: null, lower: null, upper: null, sampleSize: 0, message });

/** What the evaluator remembers between two evaluations of a rule. */
export interface AlertMemory {
  open: boolean;
  /** ms since which the condition has been clear while the alert is open, else null */
  clearSince: number | null;
}

export const NO_ALERT: AlertMemory = { open: false, clearSince: null };

export type Transition = "opened" | "resolved" | null;

export interface RuleStep {
  assessment: Assessment;
  memory: AlertMemory;
  transition: Transition;
}

/**
 * One evaluation at `now` (ms). A breach opens an alert; an open alert resolves only after the
 * condition has been clear ("ok", not "watch") for a whole window, so it does not flap on the
 * line. A new breach while clearing starts the clearing over.
 */
export function evaluateRule(
  rule: RuleDefinition,
  memory: AlertMemory,
  counts: { window: WindowCounts; baseline?: WindowCounts },
  now: number,
): RuleStep {
  const assessment = assessRule(rule, counts.window, counts.baseline);
  return { assessment, ...stepMemory(memory, assessment.status, now, rule.windowMinutes) };
}

/**
 * The open/resolve memory every rule kind shares: "breach" opens; an open alert resolves once the
 * status has been "ok" (not "watch") for `clearMinutes`; anything else while open restarts that.
 */
export function stepMemory(
  memory: AlertMemory,
  status: string,
  now: number,
  clearMinutes: number,
): { memory: AlertMemory; transition: Transition } {
  if (!memory.open) {
    if (status === "breach") return { memory: { open: true, clearSince: null }, transition: "opened" };
    return { memory: NO_ALERT, transition: null };
  }
  if (status !== "ok") return { memory: { open: true, clearSince: null }, transition: null };
  const clearSince = memory.clearSince ?? now;
  if (now - clearSince >= clearMinutes * MINUTE_MS) return { memory: NO_ALERT, transition: "resolved" };
  return { memory: { open: true, clearSince }, transition: null };
}
