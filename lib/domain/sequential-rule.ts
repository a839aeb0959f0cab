import { approxDurationText } from "../format/duration";
import { CONFIDENCE_BINS, MINUTE_MS } from "./buckets";
import { CALIBRATION_WINDOW_DAYS, MIN_CALIBRATION_LABELS } from "./confidence-estimate";
import { expectedWrong, noMapMessage } from "./estimate-signal";
import { cusumOver, expectedDelay, increment, llrWeights, thresholdFor, type Design, type Llr } from "./cusum";
import { peopleVerdicts } from "./rollup";
import { wilsonInterval } from "./stats";

// Sequential rules: a CUSUM (./cusum.ts) per slice of the feature — each phase with traffic, and
// each segment within a phase when the phase has more than one — with the false-alarm budget the
// owner states ("at most N false alarms per 30 days") split evenly over the slices and the
// designs (Bonferroni on the rate: the slices' false-alarm rates add up to at most the budget).
// Everything here is a pure function of the rollups (per-day and per-minute counts of the
// slice's trials and bad outcomes), so the live evaluator and the backtest compute the same
// statistic minute by minute.

export const SEQUENTIAL_SIGNALS = ["accuracy", "thumbs_down", "critical_tickets", "confident_wrong", "judge", "estimate"] as const;
export type SequentialSignal = (typeof SEQUENTIAL_SIGNALS)[number];

/** What a signal's trials are, in words. */
export const SIGNAL_UNITS: Record<SequentialSignal, string> = {
  accuracy: "labels",
  thumbs_down: "thumbs",
  critical_tickets: "outputs",
  confident_wrong: "confident labels",
  judge: "judged outputs",
  estimate: "outputs",
};

/** Signals read as a share correct (shown as accuracy, a fixed level is a floor): people's labels, the judge's verdicts, the estimate. */
export const isCorrectShare = (signal: SequentialSignal) => signal === "accuracy" || signal === "judge" || signal === "estimate";

export const BASELINES = ["history", "fixed", "previous_phase"] as const;
export type BaselineKind = (typeof BASELINES)[number];

/** How far back a "previous_phase" baseline looks for the previous phase's last days of traffic. */
export const PREVIOUS_PHASE_LOOKBACK_DAYS = 90;

export const MINUTES_PER_30D = 30 * 1440;
export const DAY_MINUTES = 1440;

export interface SequentialParams {
  /**
   * "history": the slice's own last 7 days (pooled, leaving out an incident day); "fixed": `level`;
   * "previous_phase": the same slice (segment) in the phase before the slice's phase in the plan,
   * over that phase's last 7 days with traffic (within PREVIOUS_PHASE_LOOKBACK_DAYS)
   */
  baseline: BaselineKind;
  /** fixed: accuracy floor (0.85), thumbs-down ceiling (0.2), or critical tickets per 1000 outputs */
  level?: number;
  /** smallest change that matters: accuracy/thumbs points (0.04), or a factor on the ticket rate (2) */
  shift?: number;
  /** this rule's share of the feature's budget: false alarms per 30 days, all slices together */
  falseAlarmsPer30d: number;
  /** how far back the statistic looks (minutes) */
  memoryMinutes?: number;
  /** trials in the baseline days below which a slice says "not enough data" */
  minBaseline?: number;
}

export const SEQUENTIAL_DEFAULTS = { shift: 0.04, ticketShift: 2, memoryMinutes: 720, minBaseline: 200, baselineDays: 7 } as const;

export interface SequentialRule {
  signal: SequentialSignal;
  params: SequentialParams;
  /** minutes a breached slice must stay clear before its alert resolves */
  windowMinutes: number;
  phase: string | null;
  segment: string | null;
  /** the feature's phase keys in plan order (what "the previous phase" means); only "previous_phase" reads it */
  phases?: readonly string[];
}

/** Days of per-day counts before a day that a rule's baseline reads. */
export const baselineReachDays = (params: Pick<SequentialParams, "baseline">) =>
  params.baseline === "previous_phase" ? PREVIOUS_PHASE_LOOKBACK_DAYS : SEQUENTIAL_DEFAULTS.baselineDays;

/** The phase before `phase` in the plan, or null (the first phase, or a phase the plan does not know). */
export function previousPhase(phases: readonly string[] | undefined, phase: string): string | null {
  const i = phases?.indexOf(phase) ?? -1;
  return i > 0 ? phases![i - 1] : null;
}

/** Counts of one (phase, segment) rollup cell at one time coordinate (epoch day or epoch minute). */
export interface CellCount {
  phase: string;
  segment: string;
  at: number;
  n: number;
  bad: number;
}

/**
 * The overconfidence signal ("confident_wrong") counts labelled outputs at or above the phase's
 * confidence threshold — the answers the product shows as sure — and those labelled wrong: when the
 * model stays sure while being wrong more often, the confident-wrong share rises above its normal
 * (the gap between confidence and accuracy widens where it matters). Counted from the rollups'
 * confidence bins, from the bin that holds the threshold up.
 */
export function confidentFromBin(threshold: number): number {
  return Math.min(CONFIDENCE_BINS - 1, Math.max(0, Math.floor(threshold * CONFIDENCE_BINS + 1e-9)));
}

/** "Confident" for a phase the plan does not know. */
export const DEFAULT_CONFIDENT_THRESHOLD = 0.9;

/**
 * The rollup columns a signal reads, turned into trials and bad outcomes (`bins`: per confidence bin,
 * labelled and correct). "accuracy" counts people's verdicts only (ground truth and human: labelled −
 * judgeLabelled trials, of which (labelled − correct) − (judgeLabelled − judgeLabelledCorrect) wrong),
 * so a judge's drift never moves it; "confident_wrong" reads the confidence bins, which keep every
 * effective verdict (the judge's included: the bins have no judge-alone split). The judge's stream ("judge", issue 23) counts every output the judge (a
 * heuristic label) graded and those it said wrong — whether or not a person labelled the output too —
 * from the rollups' judge sums: fast (a judge grades every output within minutes) but only as good
 * as the judge, so an alert on it alone asks people to confirm. A feature without a judge has no
 * trials on it (no slice is watched). The estimate ("estimate", issue 23 part 3) counts every output
 * with a confidence and the wrong answers its confidence predicts through the calibration map
 * (`accuracy`: per confidence bin, from ./estimate-signal.ts) — a fractional count; without a map
 * (too few random labels) no trials.
 */
export function signalCounts(
  signal: SequentialSignal,
  r: {
    outputs: number;
    labelled: number;
    correct: number;
    thumbsUp: number;
    thumbsDown: number;
    criticalTickets: number;
    judged?: number;
    judgedCorrect?: number;
    judgeLabelled?: number;
    judgeLabelledCorrect?: number;
  },
  bins: { labelled: number; correct: number; outputs?: number }[] = [],
  confidentFrom = confidentFromBin(DEFAULT_CONFIDENT_THRESHOLD),
  accuracy: readonly number[] | null = null,
) {
  if (signal === "accuracy") {
    // people's verdicts only (issue 23): the judge's alone count on the judge signal, not here
    const p = peopleVerdicts(r);
    return { n: p.labelled, bad: p.labelled - p.correct };
  }
  if (signal === "thumbs_down") return { n: r.thumbsUp + r.thumbsDown, bad: r.thumbsDown };
  if (signal === "judge") return { n: r.judged ?? 0, bad: (r.judged ?? 0) - (r.judgedCorrect ?? 0) };
  if (signal === "estimate")
    return accuracy
      ? expectedWrong(
          bins.map((b) => b.outputs ?? 0),
          accuracy,
        )
      : { n: 0, bad: 0 };
  if (signal === "confident_wrong") {
    let n = 0;
    let correct = 0;
    for (let i = confidentFrom; i < bins.length; i++) {
      n += bins[i].labelled;
      correct += bins[i].correct;
    }
    return { n, bad: n - correct };
  }
  return { n: r.outputs, bad: r.criticalTickets };
}

export interface Slice {
  phase: string;
  /** null: every segment of the phase */
  segment: string | null;
}

export const sliceId = (s: Slice) => (s.segment === null ? `phase:${s.phase}` : `phase:${s.phase}/segment:${s.segment}`);
export const sliceLabel = (s: Slice) => (s.segment === null ? `phase ${s.phase}` : `segment ${s.segment} (phase ${s.phase})`);

const inSlice = (s: Slice, c: { phase: string; segment: string }) => c.phase === s.phase && (s.segment === null || c.segment === s.segment);

/**
 * The slices a rule watches on `day`: those with traffic in the baseline days before it, or in the
 * memory (`recent`: the cells with traffic in the last M minutes), so a new feature's slices are
 * watched from their first minute (a fixed-level rule can judge them at once; against its own
 * history a slice says "not enough data" until it has a day of it). A phase with a single segment
 * is one slice (its segment slice would be the same numbers).
 */
export function slicesOn(
  rule: Pick<SequentialRule, "phase" | "segment">,
  days: CellCount[],
  day: number,
  recent: Iterable<{ phase: string; segment: string }> = [],
): Slice[] {
  const from = day - SEQUENTIAL_DEFAULTS.baselineDays;
  const segments = new Map<string, Set<string>>();
  const cells = [...days.filter((c) => c.at >= from && c.at < day && c.n > 0), ...recent];
  for (const c of cells) {
    if (rule.phase && c.phase !== rule.phase) continue;
    if (rule.segment && c.segment !== rule.segment) continue;
    let set = segments.get(c.phase);
    if (!set) segments.set(c.phase, (set = new Set()));
    set.add(c.segment);
  }
  const out: Slice[] = [];
  for (const [phase, segs] of [...segments].sort(([a], [b]) => a.localeCompare(b))) {
    if (rule.segment) {
      out.push({ phase, segment: rule.segment });
      continue;
    }
    out.push({ phase, segment: null });
    if (segs.size > 1) for (const s of [...segs].sort()) out.push({ phase, segment: s });
  }
  return out;
}

export interface SliceDesign {
  /** normal bad rate (what the slice compares against) */
  p0: number;
  /** trials per minute over the baseline days */
  perMinute: number;
  /** trials behind the normal (the baseline days; the previous phase's days for "previous_phase") */
  baselineN: number;
  designs: { design: Design; weights: Llr; h: number }[];
  /** per-detector in-control ARL (minutes) the thresholds are set for */
  arlMinutes: number;
  /** where the normal comes from when it is not the slice's own history or a level: "phase early-access" */
  normalFrom?: string;
}

const clampRate = (signal: SequentialSignal, p: number) =>
  signal === "critical_tickets" ? Math.min(0.5, Math.max(1e-4, p)) : Math.min(0.9, Math.max(0.005, p));

/** The designs' alternatives: additive points for shares, factors for the ticket rate; each capped below 1. */
export function alternatives(signal: SequentialSignal, p0: number, shift?: number): number[] {
  if (signal === "critical_tickets") {
    const f = shift ?? SEQUENTIAL_DEFAULTS.ticketShift;
    return [f, f * 2.5, f * 6].map((x) => Math.min(0.95, p0 * x));
  }
  const d = shift ?? SEQUENTIAL_DEFAULTS.shift;
  return [d, d * 2.5, d * 6].map((x) => Math.min(0.97, p0 + x)).filter((p1, i, all) => p1 > p0 && all.indexOf(p1) === i);
}

export const DESIGNS_PER_SLICE = 3;

/** Trials per minute a fixed-level rule assumes for a slice without a baseline's worth of history. */
export const ASSUMED_PER_MINUTE = 60;

/** The fixed level as a normal bad rate. */
function fixedRate(signal: SequentialSignal, level: number): number {
  if (isCorrectShare(signal)) return 1 - level;
  if (signal === "thumbs_down" || signal === "confident_wrong") return level;
  return level / 1000;
}

/**
 * A slice's normal and thresholds for `day`, from the baseline days before it; null when the
 * slice has too little history to say what normal is (then it says "not enough data", never alerts).
 */
export function designSlice(rule: SequentialRule, days: CellCount[], slice: Slice, day: number, slices: number): SliceDesign | null {
  const own = dailyCounts(days, slice, day - SEQUENTIAL_DEFAULTS.baselineDays, day);
  const ownN = own.reduce((s, d) => s + d.n, 0);
  const minBaseline = rule.params.minBaseline ?? SEQUENTIAL_DEFAULTS.minBaseline;
  const ownKnown = ownN >= minBaseline && own.length > 0;
  const ownPerMinute = ownKnown ? ownN / (own.length * DAY_MINUTES) : 0;
  let p0: number;
  let perMinute: number;
  let normalFrom: string | undefined;
  let baselineN = ownN;
  if (rule.params.baseline === "previous_phase") {
    // Normal is the same slice one phase earlier in the plan, over that phase's last days with
    // traffic (however long ago it ended); too little there is "not enough data".
    const prev = previousPhase(rule.phases, slice.phase);
    if (prev === null) return null;
    const prevSlice = { phase: prev, segment: slice.segment };
    const prevDays = dailyCounts(days, prevSlice, day - PREVIOUS_PHASE_LOOKBACK_DAYS, day)
      .filter((d) => d.n > 0)
      .slice(-SEQUENTIAL_DEFAULTS.baselineDays);
    const prevN = prevDays.reduce((s, d) => s + d.n, 0);
    if (prevN < minBaseline || prevDays.length === 0) return null;
    p0 = robustRate(prevDays);
    baselineN = prevN;
    // The threshold follows the slice's own traffic once it has a baseline's worth; before that
    // (a phase just entered, whose audience is usually larger) the busier of the previous phase's
    // rate and the assumed busy rate, which errs towards fewer alarms as a fixed level does.
    perMinute = ownKnown ? ownPerMinute : Math.max(prevN / (prevDays.length * DAY_MINUTES), ASSUMED_PER_MINUTE);
    normalFrom = `phase ${prev}`;
  } else {
    const fixed = rule.params.baseline === "fixed" && rule.params.level !== undefined;
    if (!fixed && !ownKnown) return null;
    p0 = fixed ? fixedRate(rule.signal, rule.params.level!) : robustRate(own);
    // Without a baseline's worth of traffic a fixed level still knows what "bad" is; the threshold
    // then assumes busy traffic (it rises with the traffic rate, so this errs towards fewer alarms).
    perMinute = ownKnown ? ownPerMinute : ASSUMED_PER_MINUTE;
  }
  p0 = clampRate(rule.signal, p0);
  const p1s = alternatives(rule.signal, p0, rule.params.shift);
  const arlMinutes = (MINUTES_PER_30D / rule.params.falseAlarmsPer30d) * slices * DESIGNS_PER_SLICE;
  const designs = p1s.map((p1) => {
    const design = { p0, p1 };
    return { design, weights: llrWeights(design), h: thresholdFor(design, perMinute, arlMinutes) };
  });
  return { p0, perMinute, baselineN, designs, arlMinutes, ...(normalFrom ? { normalFrom } : {}) };
}

/** A slice's counts per day with traffic in days [from, to), oldest first. */
function dailyCounts(days: CellCount[], slice: Slice, from: number, to: number): { at: number; n: number; bad: number }[] {
  const perDay = new Map<number, { at: number; n: number; bad: number }>();
  for (const c of days) {
    if (c.at < from || c.at >= to || !inSlice(slice, c)) continue;
    const d = perDay.get(c.at) ?? { at: c.at, n: 0, bad: 0 };
    d.n += c.n;
    d.bad += c.bad;
    perDay.set(c.at, d);
  }
  return [...perDay.values()].sort((a, b) => a.at - b.at);
}

/**
 * The pooled bad rate of the baseline days, leaving out a day that is far above the others (an
 * incident day: more than 3.5 standard errors above the rate of the remaining days). Pooling, not a
 * median of daily rates: at a few dozen trials a day the median of small counts is biased low, and
 * a normal set too low is a stream of false alarms.
 */
export function robustRate(days: { n: number; bad: number }[]): number {
  const n = days.reduce((s, d) => s + d.n, 0);
  const bad = days.reduce((s, d) => s + d.bad, 0);
  if (days.length < 3) return n > 0 ? bad / n : 0;
  const kept = days.filter((d) => {
    const restN = n - d.n;
    if (restN <= 0 || d.n === 0) return true;
    const p = Math.max((bad - d.bad) / restN, 0.5 / restN);
    return (d.bad - d.n * p) / Math.sqrt(d.n * p * (1 - p)) <= 3.5;
  });
  const kn = kept.reduce((s, d) => s + d.n, 0);
  return kn > 0 ? kept.reduce((s, d) => s + d.bad, 0) / kn : bad / n;
}

export type SequentialStatus = "ok" | "watch" | "breach" | "insufficient";

export interface SliceAssessment {
  slice: Slice;
  status: SequentialStatus;
  /** normal bad rate, or null without enough history */
  normal: number | null;
  /** the slice's bad rate since the statistic last stood at 0 (the estimated change), or over the memory */
  recent: number | null;
  recentN: number;
  /** the largest statistic over its threshold among the designs (≥ 1 is a breach) */
  score: number;
  /** expected minutes to detect a drop of 5 and 10 points (or a 2× and 5× ticket rate) at this traffic and budget */
  delay5: number | null;
  delay10: number | null;
  perMinute: number;
  message: string;
}

const pct = (x: number) => `${(x * 100).toFixed(0)} %`;

/** How the slice's figure reads: accuracy is 1 − bad; the others are the bad rate itself. */
export function shown(signal: SequentialSignal, bad: number): string {
  if (signal === "accuracy") return pct(1 - bad);
  if (signal === "judge") return `${pct(1 - bad)} correct by the judge`;
  if (signal === "estimate") return `${pct(1 - bad)} estimated from confidence`;
  if (signal === "thumbs_down") return `${pct(bad)} thumbs down`;
  if (signal === "confident_wrong") return `${pct(bad)} of confident answers wrong`;
  return `${(bad * 1000).toFixed(1)} critical tickets per 1000 outputs`;
}

/** Expected delays for the two reference changes at a slice's traffic: min over its designs. */
export function delays(signal: SequentialSignal, d: SliceDesign): { delay5: number; delay10: number } {
  const at = (p: number) => Math.min(...d.designs.map((x) => expectedDelay(x.design, d.perMinute, x.h, p)));
  if (signal === "critical_tickets") return { delay5: at(Math.min(0.95, d.p0 * 2)), delay10: at(Math.min(0.95, d.p0 * 5)) };
  return { delay5: at(Math.min(0.99, d.p0 + 0.05)), delay10: at(Math.min(0.99, d.p0 + 0.1)) };
}

/** "Useful time": beyond this a slice is flagged as too quiet to catch a 10-point drop. */
export const USEFUL_DELAY_MINUTES = 60;

/** What a rule with no watched slice says: for the judge's stream, that the feature has no judge. */
export function noSlicesMessage(signal: SequentialSignal, calibrationLabels?: number): string {
  if (signal === "estimate" && calibrationLabels !== undefined && calibrationLabels < MIN_CALIBRATION_LABELS)
    return noMapMessage(calibrationLabels, CALIBRATION_WINDOW_DAYS);
  if (signal === "judge")
    return "No judge verdicts in the last 7 days: this feature has no judge (a heuristic label) grading its outputs, so this rule has no trials and watches nothing";
  return "No slice has traffic in the last 7 days: not enough data";
}

export function describe(
  signal: SequentialSignal,
  slice: Slice,
  status: SequentialStatus,
  d: SliceDesign | null,
  recent: number | null,
  recentN: number,
): string {
  const name = sliceLabel(slice);
  if (!d) return `${name}: not enough data to know what normal is yet`;
  const now = recent === null ? "no traffic lately" : `${shown(signal, recent)} (n = ${recentN})`;
  const base = `${name}: ${now} vs ${shown(signal, d.p0)} normal${d.normalFrom ? ` (in ${d.normalFrom})` : ""}`;
  if (status === "breach") return base;
  const { delay10 } = delays(signal, d);
  if (delay10 > USEFUL_DELAY_MINUTES) {
    const what = signal === "critical_tickets" ? "a 5× ticket rate" : "a 10-point change";
    const unit = SIGNAL_UNITS[signal];
    const rate = d.perMinute >= 1 ? `${d.perMinute.toFixed(0)} ${unit}/min` : `${(d.perMinute * 60).toFixed(0)} ${unit}/h`;
    return `${base}; at ${rate} ${what} takes ${Number.isFinite(delay10) ? approxDurationText(delay10) : "too long"} to detect at this budget`;
  }
  return base;
}

/**
 * Everything the rule needs at evaluation time `now` (ms): the days before the current day's
 * baseline and the minutes of the memory, per cell.
 */
export function sequentialRanges(rule: SequentialRule, now: number) {
  const minute = Math.floor(now / MINUTE_MS);
  const memory = rule.params.memoryMinutes ?? SEQUENTIAL_DEFAULTS.memoryMinutes;
  const fromMinute = minute - memory + 1;
  const firstDay = Math.floor(fromMinute / DAY_MINUTES) - baselineReachDays(rule.params);
  return { minutes: { fromMinute, toMinute: minute + 1 }, days: { fromDay: firstDay, toDay: Math.floor(minute / DAY_MINUTES) } };
}

/**
 * The rule's verdict per slice at `now`, from per-day counts (at least the baseline days of every
 * day the memory touches) and per-minute counts of the memory. The live evaluator calls this.
 */
export function assessSequential(rule: SequentialRule, days: CellCount[], minutes: CellCount[], now: number): SliceAssessment[] {
  const minute = Math.floor(now / MINUTE_MS);
  const memory = rule.params.memoryMinutes ?? SEQUENTIAL_DEFAULTS.memoryMinutes;
  const from = minute - memory + 1;
  const today = Math.floor(minute / DAY_MINUTES);
  const slices = slicesOn(rule, days, today, recentCells(minutes, from, minute));
  const designFor = new Map<number, SliceDesign | null>();
  return slices.map((slice) => {
    designFor.clear();
    // the increments need only the day's normal and alternatives; the threshold is today's, for today's slice count
    const design = (day: number) => {
      if (!designFor.has(day)) designFor.set(day, designSlice(rule, days, slice, day, slices.length));
      return designFor.get(day)!;
    };
    const n = new Float64Array(memory);
    const bad = new Float64Array(memory);
    for (const c of minutes) {
      if (c.at < from || c.at > minute || !inSlice(slice, c)) continue;
      n[c.at - from] += c.n;
      bad[c.at - from] += c.bad;
    }
    const current = design(today);
    const count = current?.designs.length ?? 0;
    const stats: number[] = [];
    for (let k = 0; k < count; k++) {
      const inc = new Float64Array(memory);
      for (let i = 0; i < memory; i++) {
        const d = design(Math.floor((from + i) / DAY_MINUTES));
        inc[i] = d && d.designs[k] ? increment(d.designs[k].weights, n[i], bad[i]) : 0;
      }
      stats.push(cusumOver(inc));
    }
    return sliceVerdict(rule, slice, current, stats, runRate(rule, current, n, bad, from, design));
  });
}

/** The cells with traffic in minutes [from, to]. */
export function recentCells(minutes: CellCount[], from: number, to: number): { phase: string; segment: string }[] {
  const seen = new Map<string, { phase: string; segment: string }>();
  for (const c of minutes)
    if (c.at >= from && c.at <= to && c.n > 0) seen.set(`${c.phase}\u0000${c.segment}`, { phase: c.phase, segment: c.segment });
  return [...seen.values()];
}

/** The bad rate since the most alarming design's statistic last stood at 0 (the estimated change). */
function runRate(
  rule: SequentialRule,
  current: SliceDesign | null,
  n: Float64Array,
  bad: Float64Array,
  from: number,
  design: (day: number) => SliceDesign | null,
) {
  let best = -1;
  let bestScore = -Infinity;
  current?.designs.forEach((x, k) => {
    let s = 0;
    for (let i = 0; i < n.length; i++) {
      const d = design(Math.floor((from + i) / DAY_MINUTES));
      s = Math.max(0, s + (d && d.designs[k] ? increment(d.designs[k].weights, n[i], bad[i]) : 0));
    }
    if (s / x.h > bestScore) {
      bestScore = s / x.h;
      best = k;
    }
  });
  return runWindow(
    n,
    bad,
    best < 0
      ? null
      : (i) => {
          const d = design(Math.floor((from + i) / DAY_MINUTES));
          return d && d.designs[best] ? increment(d.designs[best].weights, n[i], bad[i]) : 0;
        },
    rule.windowMinutes,
  );
}

/** Counts of the current run (since the statistic was last 0); without a positive run, the last `fallback` minutes. */
export function runWindow(n: ArrayLike<number>, bad: ArrayLike<number>, inc: ((i: number) => number) | null, fallback: number) {
  let start = Math.max(0, n.length - fallback);
  if (inc) {
    let s = 0;
    let runStart = n.length;
    for (let i = 0; i < n.length; i++) {
      s += inc(i);
      if (s <= 0) {
        s = 0;
        runStart = i + 1;
      }
    }
    if (runStart < n.length) start = runStart;
  }
  let sn = 0;
  let sb = 0;
  for (let i = start; i < n.length; i++) {
    sn += n[i];
    sb += bad[i];
  }
  return { n: sn, bad: sb };
}

export function sliceVerdict(
  rule: SequentialRule,
  slice: Slice,
  d: SliceDesign | null,
  stats: number[],
  recent: { n: number; bad: number },
): SliceAssessment {
  const recentRate = recent.n > 0 ? recent.bad / recent.n : null;
  if (!d) {
    return {
      slice,
      status: "insufficient",
      normal: null,
      recent: recentRate,
      recentN: recent.n,
      score: 0,
      delay5: null,
      delay10: null,
      perMinute: 0,
      message: describe(rule.signal, slice, "insufficient", null, recentRate, recent.n),
    };
  }
  const score = Math.max(0, ...stats.map((s, k) => s / d.designs[k].h));
  const status: SequentialStatus = score >= 1 ? "breach" : score >= 0.5 ? "watch" : "ok";
  const { delay5, delay10 } = delays(rule.signal, d);
  return {
    slice,
    status,
    normal: d.p0,
    recent: recentRate,
    recentN: recent.n,
    score,
    delay5: Number.isFinite(delay5) ? delay5 : null,
    delay10: Number.isFinite(delay10) ? delay10 : null,
    perMinute: d.perMinute,
    message: describe(rule.signal, slice, status, d, recentRate, recent.n),
  };
}

/** A slice's verdict in the shape every alert stores: the figure as shown (accuracy, not the bad rate) with its Wilson interval. */
export function sliceReading(
  signal: SequentialSignal,
  a: SliceAssessment,
): {
  status: "ok" | "watch" | "breach";
  value: number | null;
  lower: number | null;
  upper: number | null;
  sampleSize: number;
  message: string;
} {
  const status = a.status === "insufficient" ? "ok" : a.status;
  if (a.recent === null || a.recentN === 0) return { status, value: null, lower: null, upper: null, sampleSize: 0, message: a.message };
  const bad = Math.round(a.recent * a.recentN);
  if (isCorrectShare(signal)) {
    const [lo, hi] = wilsonInterval(a.recentN - bad, a.recentN);
    return { status, value: 1 - a.recent, lower: lo, upper: hi, sampleSize: a.recentN, message: a.message };
  }
  const [lo, hi] = wilsonInterval(Math.min(bad, a.recentN), a.recentN);
  return { status, value: a.recent, lower: lo, upper: hi, sampleSize: a.recentN, message: a.message };
}
