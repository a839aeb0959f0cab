import { MIN_SAMPLE } from "./chart-rows";
import type { Point } from "./series";
import { rate, type Rate } from "./stats";

// The one-line findings printed above each chart, so a reader (and a screen reader, and a test)
// gets the answer without decoding the picture. Only intervals with enough labels count.

export interface LowPoint {
  start: number;
  accuracy: Rate;
}

/** The interval with the lowest accuracy among those with at least `minN` labels. */
export function lowestAccuracy(points: Point[], minN = MIN_SAMPLE): LowPoint | null {
  let best: LowPoint | null = null;
  for (const p of points) {
    if (p.accuracy.n < minN || p.accuracy.value === null) continue;
    if (!best || p.accuracy.value < (best.accuracy.value as number)) best = { start: p.start, accuracy: p.accuracy };
  }
  return best;
}

export interface GapPoint {
  start: number;
  accuracy: Rate;
  confidence: number;
  /** confidence minus accuracy, positive = overconfident */
  gap: number;
}

/** The interval where mean confidence exceeds accuracy the most. */
export function largestOverconfidence(points: Point[], minN = MIN_SAMPLE): GapPoint | null {
  let best: GapPoint | null = null;
  for (const p of points) {
    if (p.accuracy.n < minN || p.accuracy.value === null || p.meanLabelledConfidence === null) continue;
    const gap = p.meanLabelledConfidence - p.accuracy.value;
    if (!best || gap > best.gap) best = { start: p.start, accuracy: p.accuracy, confidence: p.meanLabelledConfidence, gap };
  }
  return best;
}

export interface Slice {
  slice: string;
  outputs: number;
  accuracy: Rate;
}

export interface Concentration {
  worst: Slice;
  /** all other slices pooled */
  rest: Rate;
  /** the worst slice's interval lies entirely below the rest's: the errors sit in that slice */
  concentrated: boolean;
}

/** Is the error in one slice? Compares the least accurate slice with all the others pooled. */
export function errorConcentration(slices: Slice[], minN = MIN_SAMPLE): Concentration | null {
  const candidates = slices.filter((s) => s.accuracy.n >= minN && s.accuracy.value !== null);
  if (candidates.length < 2) return null;
  const worst = candidates.reduce((a, b) => ((b.accuracy.value as number) < (a.accuracy.value as number) ? b : a));
  let correct = 0;
  let n = 0;
  for (const s of slices) {
    if (s.slice === worst.slice || s.accuracy.value === null) continue;
    correct += Math.round(s.accuracy.value * s.accuracy.n);
    n += s.accuracy.n;
  }
  const rest = rate(correct, n);
  return { worst, rest, concentrated: n > 0 && worst.accuracy.upper < rest.lower };
}

/** Sum of tickets and critical tickets over the points, and the interval with the most critical ones. */
export function ticketTotals(points: Point[]): { tickets: number; critical: number; peak: { start: number; critical: number } | null } {
  let tickets = 0;
  let critical = 0;
  let peak: { start: number; critical: number } | null = null;
  for (const p of points) {
    tickets += p.tickets;
    critical += p.criticalTickets;
    if (p.criticalTickets > 0 && (!peak || p.criticalTickets > peak.critical)) peak = { start: p.start, critical: p.criticalTickets };
  }
  return { tickets, critical, peak };
}
