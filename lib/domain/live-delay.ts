import { DELAY_EDGES_MIN, delayQuantile, liveDetectionDelay, type DelayHistogram } from "./label-delay";

// The delay a team will see live, beside the backtest's statistical one (issue 23, part 5). A
// backtest buckets every label at its output's minute, as if it arrived at once; live, a rule that
// reads labels sees a drop only as they come in. This puts the feature's own label delays (a
// histogram per source, read from the stored labels of a recent window) beside a statistical delay.

export const LABEL_SOURCES = ["human", "ground_truth", "heuristic"] as const;
export type LabelSourceName = (typeof LABEL_SOURCES)[number];

/** How far back the label delays are read: recent enough to be today's reviewers, long enough to have labels. */
export const LABEL_DELAY_WINDOW_DAYS = 30;

export type DelayHistograms = Partial<Record<LabelSourceName, DelayHistogram>>;

export interface SourceDelay {
  source: LabelSourceName;
  labels: number;
  /** upper edge (minutes) of the histogram bin holding the median; null past a week (JSON has no Infinity) */
  medianMinutes: number | null;
  p90Minutes: number | null;
}

export interface LiveDelay {
  /** the replay's delay: every label counted at its output's minute */
  statisticalMinutes: number;
  /** with the feature's label delays; null: not within a week (labels mostly take longer) */
  liveMinutes: number | null;
  extraMinutes: number | null;
}

export interface LabelDelayReport {
  windowDays: number;
  /** per source with labels in the window, in LABEL_SOURCES order */
  sources: SourceDelay[];
  /** whether the rule waits for labels (thumbs and tickets rules do not: they have no label delay) */
  readsLabels: boolean;
  /** the sources whose delays make the live figure: every source the rule reads, weighted by their labels */
  liveFrom: LabelSourceName[];
  /** the marked incident, when the replay detected it and the rule reads labels */
  incident: LiveDelay | null;
  /** sequential rules: the cost table's median delays (5- and 10-point drop) per slice, live */
  slices: { slice: string; delay5: LiveDelay | null; delay10: LiveDelay | null }[];
}

/** Rule metrics and sequential signals whose evidence is labels (thumbs, tickets and obedience are not). */
const LABEL_METRICS = new Set([
  "accuracy_floor",
  "accuracy_drop",
  "overconfidence",
  "accuracy",
  "confident_wrong",
  "judge_agreement_drop",
  "judge",
]);

export const readsLabels = (metric: string) => LABEL_METRICS.has(metric);

/** Median and p90 of one source's delays (null without labels). */
export function sourceDelay(source: LabelSourceName, h: DelayHistogram): SourceDelay | null {
  const labels = h.reduce((s, c) => s + c, 0);
  if (labels === 0) return null;
  return { source, labels, medianMinutes: finite(delayQuantile(h, 0.5)), p90Minutes: finite(delayQuantile(h, 0.9)) };
}

/** The bin-wise sum of histograms (the mixture of sources, weighted by their labels). */
export function mergeHistograms(hs: readonly (DelayHistogram | undefined)[]): number[] {
  const out = DELAY_EDGES_MIN.map(() => 0);
  for (const h of hs) if (h) h.forEach((c, i) => (out[i] += c));
  return out;
}

/** A statistical delay made live with a histogram (null without labels). */
export function liveDelay(statisticalMinutes: number, h: DelayHistogram): LiveDelay | null {
  const live = liveDetectionDelay(statisticalMinutes, h);
  if (live === null) return null;
  if (!Number.isFinite(live)) return { statisticalMinutes, liveMinutes: null, extraMinutes: null };
  const liveMinutes = Math.max(live, statisticalMinutes);
  return { statisticalMinutes, liveMinutes, extraMinutes: liveMinutes - statisticalMinutes };
}

const finite = (x: number | null) => (x !== null && Number.isFinite(x) ? x : null);

/**
 * The label-delay report of a backtest: each source's median and p90, and — for a rule that reads
 * labels — the incident's detection delay and the cost table's delays as a team would see them
 * live. The live figure mixes every source by its share of labels, as the accuracy the rules read
 * mixes them (a judge grading every output at once keeps it short even when people take hours).
 */
export function labelDelayReport(input: {
  metric: string;
  histograms: DelayHistograms;
  windowDays?: number;
  incidentDelayMinutes: number | null;
  slices?: { slice: string; delay5: number | null; delay10: number | null }[];
}): LabelDelayReport {
  const sources = LABEL_SOURCES.flatMap((s) => {
    const d = input.histograms[s] && sourceDelay(s, input.histograms[s]);
    return d ? [d] : [];
  });
  const labels = readsLabels(input.metric);
  // the judge's stream reads the judge's verdicts alone: its live delay is the judge's own
  const liveFrom = labels ? sources.map((s) => s.source).filter((s) => input.metric !== "judge" || s === "heuristic") : [];
  const mixture = mergeHistograms(liveFrom.map((s) => input.histograms[s]));
  const live = (m: number | null) => (labels && m !== null ? liveDelay(m, mixture) : null);
  return {
    windowDays: input.windowDays ?? LABEL_DELAY_WINDOW_DAYS,
    sources,
    readsLabels: labels,
    liveFrom,
    incident: live(input.incidentDelayMinutes),
    slices: labels ? (input.slices ?? []).map((s) => ({ slice: s.slice, delay5: live(s.delay5), delay10: live(s.delay10) })) : [],
  };
}
