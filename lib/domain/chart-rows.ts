import type { CalibrationPoint, HistogramBin, Point } from "./series";
import { rate, type Rate } from "./stats";

// Turns metric points into the rows the charts draw. Charts get no business rules: what counts
// as a small sample, which bins fell back, where the overconfidence gap is — all decided here.

/** Below this many labels a point is drawn as "uncertain" (hollow, dashed), never as a confident dot. */
export const MIN_SAMPLE = 30;

export interface RateRow {
  start: number;
  value: number | null;
  /** [lower, upper] of the 95 % interval; null when nothing was observed */
  band: [number, number] | null;
  /** the band where n >= MIN_SAMPLE (drawn); a small sample's wide interval is in the tooltip only */
  solidBand: [number, number] | null;
  n: number;
  /** value when n >= MIN_SAMPLE, else null (the solid line) */
  solid: number | null;
  /** value when 0 < n < MIN_SAMPLE, else null (hollow markers) */
  sparse: number | null;
}

export function rateRow(start: number, r: Rate, minN = MIN_SAMPLE): RateRow {
  const observed = r.n > 0 && r.value !== null;
  return {
    start,
    value: observed ? r.value : null,
    band: observed ? [r.lower, r.upper] : null,
    solidBand: observed && r.n >= minN ? [r.lower, r.upper] : null,
    n: r.n,
    solid: observed && r.n >= minN ? r.value : null,
    sparse: observed && r.n < minN ? r.value : null,
  };
}

/** Below this many samples an uncertain point gets no whisker: its interval spans most of the axis (tooltip and table give it). */
export const MIN_WHISKER_SAMPLE = 10;

/**
 * A small sample's 95 % interval as an error bar ([below, above] the value), clipped to the axis
 * [lo, hi]: uncertain points show how uncertain they are without stretching the axis.
 */
export function sparseError(r: RateRow, lo: number, hi = 1): [number, number] | null {
  if (r.sparse === null || r.band === null || r.n < MIN_WHISKER_SAMPLE) return null;
  return [Math.max(0, r.sparse - Math.max(r.band[0], lo)), Math.max(0, Math.min(r.band[1], hi) - r.sparse)];
}

export const accuracyRows = (points: Point[], minN = MIN_SAMPLE) => points.map((p) => rateRow(p.start, p.accuracy, minN));

export interface ThumbsRow extends RateRow {
  volume: number;
  thumbsDown: number;
}

export const thumbsRows = (points: Point[], minN = MIN_SAMPLE): ThumbsRow[] =>
  points.map((p) => ({
    ...rateRow(p.start, p.thumbsDownRate, minN),
    volume: p.thumbsUp + p.thumbsDown,
    thumbsDown: p.thumbsDown,
  }));

export interface TicketRow {
  start: number;
  critical: number;
  other: number;
  total: number;
}

export const ticketRows = (points: Point[]): TicketRow[] =>
  points.map((p) => ({ start: p.start, critical: p.criticalTickets, other: p.tickets - p.criticalTickets, total: p.tickets }));

export interface ConfidenceRow {
  start: number;
  accuracy: number | null;
  confidence: number | null;
  /** [accuracy, confidence] when confidence is above accuracy: the overconfidence gap */
  gap: [number, number] | null;
  n: number;
}

/** Mean confidence of labelled outputs vs accuracy per interval; only intervals with enough labels. */
export const confidenceRows = (points: Point[], minN = MIN_SAMPLE): ConfidenceRow[] =>
  points.map((p) => {
    const enough = p.accuracy.n >= minN && p.accuracy.value !== null && p.meanLabelledConfidence !== null;
    const accuracy = enough ? p.accuracy.value : null;
    const confidence = enough ? p.meanLabelledConfidence : null;
    return {
      start: p.start,
      accuracy,
      confidence,
      gap: accuracy !== null && confidence !== null && confidence > accuracy ? [accuracy, confidence] : null,
      n: p.accuracy.n,
    };
  });

export interface HistogramRow extends HistogramBin {
  mid: number;
  /** outputs in this bin fall back (the bin lies below the threshold) */
  belowThreshold: boolean;
  share: number;
}

export function histogramRows(bins: HistogramBin[], threshold: number | null): HistogramRow[] {
  const total = bins.reduce((s, b) => s + b.outputs, 0);
  return bins.map((b) => ({
    ...b,
    mid: (b.from + b.to) / 2,
    // bins are [from, to); a threshold of 0.9 puts bin [0.85, 0.9) below and [0.9, 0.95) above
    belowThreshold: threshold !== null && b.to <= threshold + 1e-9,
    share: total > 0 ? b.outputs / total : 0,
  }));
}

export interface CalibrationRow {
  bin: number;
  confidence: number;
  accuracy: number;
  lower: number;
  upper: number;
  n: number;
  /** interval relative to accuracy, for error bars: [below, above] */
  error: [number, number];
}

/** Reliability-diagram points: bins with at least one label, at their mean confidence. */
export const calibrationRows = (calibration: CalibrationPoint[]): CalibrationRow[] =>
  calibration
    .filter((c) => c.labelled > 0 && c.meanConfidence !== null && c.accuracy.value !== null)
    .map((c) => ({
      bin: c.bin,
      confidence: c.meanConfidence as number,
      accuracy: c.accuracy.value as number,
      lower: c.accuracy.lower,
      upper: c.accuracy.upper,
      n: c.labelled,
      error: [(c.accuracy.value as number) - c.accuracy.lower, c.accuracy.upper - (c.accuracy.value as number)],
    }));

/** Lower end of an axis that shows every value and interval, rounded down to a tenth. */
export function axisFloor(values: (number | null | undefined)[], fallback = 0): number {
  const finite = values.filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  if (finite.length === 0) return fallback;
  return Math.max(0, Math.floor(Math.min(...finite) * 10 - 1e-9) / 10);
}

export interface SliceRow {
  slice: string;
  accuracy: number;
  lower: number;
  upper: number;
  n: number;
  error: [number, number];
  flagged: boolean;
}

/** Slices with labels, least accurate first, the slice where errors concentrate flagged. */
export function sliceRows(slices: { slice: string; accuracy: Rate }[], flagged: string | null): SliceRow[] {
  return slices
    .filter((s) => s.accuracy.n > 0 && s.accuracy.value !== null)
    .map((s) => {
      const v = s.accuracy.value as number;
      return {
        slice: s.slice,
        accuracy: v,
        lower: s.accuracy.lower,
        upper: s.accuracy.upper,
        n: s.accuracy.n,
        error: [v - s.accuracy.lower, s.accuracy.upper - v] as [number, number],
        flagged: s.slice === flagged,
      };
    })
    .sort((a, b) => a.accuracy - b.accuracy || a.slice.localeCompare(b.slice));
}

/** Phase series merged into one row per interval: `${phase}`, `${phase}:sparse`, `${phase}:n`. */
export function phaseRows(series: { phase: string; points: { start: number; accuracy: Rate }[] }[], minN = MIN_SAMPLE) {
  const byStart = new Map<number, { start: number } & Record<string, number | null>>();
  for (const s of series) {
    for (const p of s.points) {
      const row = byStart.get(p.start) ?? { start: p.start };
      const r = rateRow(p.start, p.accuracy, minN);
      row[s.phase] = r.solid;
      row[`${s.phase}:sparse`] = r.sparse;
      row[`${s.phase}:n`] = r.n;
      byStart.set(p.start, row);
    }
  }
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}

/** Pools every `k` consecutive intervals' labels into one point (a sparkline of quiet hours). */
export function pooledAccuracyRows(points: { start: number; accuracy: Rate }[], k: number, minN = MIN_SAMPLE): RateRow[] {
  const out: RateRow[] = [];
  for (let i = 0; i < points.length; i += k) {
    const group = points.slice(i, i + k);
    let correct = 0;
    let n = 0;
    for (const p of group) {
      if (p.accuracy.value === null) continue;
      correct += Math.round(p.accuracy.value * p.accuracy.n);
      n += p.accuracy.n;
    }
    out.push(rateRow(group[0].start, rate(correct, n), minN));
  }
  return out;
}

/** Axis ticks from `min` to 1 at round steps (10 points, or 5 when the range is narrow). */
export function percentTicks(min: number, max = 1): number[] {
  const span = max - min - 1e-9;
  const step = span <= 0.3 ? 0.05 : span <= 0.6 ? 0.1 : 0.2;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step - 1e-9) * step; v <= max + 1e-9; v += step) ticks.push(Math.round(v * 100) / 100 + 0);
  return ticks;
}

/** How the answers of one interval were presented (the phase's below-threshold behaviour at work). */
export interface PresentationRow {
  start: number;
  plain: number;
  flagged: number;
  asked: number;
  fallback: number;
  total: number;
}

type PresentationCounts = Pick<Point, "outputs" | "shown" | "fallbacks" | "flagged" | "asked">;

/** `shown` holds plain and flagged answers, `fallbacks` asked and fallen back (see series.ts). */
export function presentationOf(c: PresentationCounts): Omit<PresentationRow, "start"> {
  return { plain: c.shown - c.flagged, flagged: c.flagged, asked: c.asked, fallback: c.fallbacks - c.asked, total: c.outputs };
}

export const presentationRows = (points: Point[]): PresentationRow[] => points.map((p) => ({ start: p.start, ...presentationOf(p) }));
