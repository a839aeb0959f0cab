// Label delay, told honestly (issue 23). A label arrives some time after its output (received −
// output time); a detector that needs labels sees a drop only as their labels come in. Backtests that
// bucket labels by output time report the statistical delay; this turns it into the delay a team
// will see live, from the feature's own distribution of label delays.

/** Upper edges (minutes) of the label-delay histogram: a minute to a week, roughly doubling. */
export const DELAY_EDGES_MIN = [1, 2, 5, 10, 20, 30, 60, 120, 240, 480, 720, 1440, 2880, 4320, 10080, Infinity] as const;

/** The histogram bin of a delay in minutes (negative delays — clocks apart — count as immediate). */
export function delayBin(minutes: number): number {
  const i = DELAY_EDGES_MIN.findIndex((edge) => minutes < edge);
  return i === -1 ? DELAY_EDGES_MIN.length - 1 : i;
}

/** Counts per bin of DELAY_EDGES_MIN. */
export type DelayHistogram = readonly number[];

/** The q-quantile of the delays in minutes, read as the upper edge of its bin (null without labels; Infinity past a week). */
export function delayQuantile(h: DelayHistogram, q: number): number | null {
  const total = h.reduce((s, c) => s + c, 0);
  if (total === 0) return null;
  let seen = 0;
  for (let i = 0; i < h.length; i++) {
    seen += h[i];
    if (seen >= q * total) return DELAY_EDGES_MIN[i];
  }
  return Infinity;
}

/** Share of labels that arrived within `minutes` (linear inside a bin; the open last bin counts at its start). */
function arrivedWithin(h: DelayHistogram, total: number, minutes: number): number {
  let share = 0;
  let lower = 0;
  for (let i = 0; i < h.length; i++) {
    const upper = DELAY_EDGES_MIN[i];
    if (minutes >= upper) share += h[i];
    else {
      if (Number.isFinite(upper) && minutes > lower) share += (h[i] * (minutes - lower)) / (upper - lower);
      break;
    }
    lower = upper;
  }
  return share / total;
}

/**
 * Minutes from a change to its alert when labels come with this delay distribution, for a detector
 * that needs `statisticalMinutes` of labelled traffic (its delay with every label at once). At a
 * steady rate the labels of the first t minutes that have arrived by t are worth ∫₀ᵗ F(u) du minutes
 * of traffic (F: share arrived within u), so the live delay is the t where that reaches the
 * statistical delay. Null when no label delay is known; Infinity when most labels never come within
 * a week.
 */
export function liveDetectionDelay(statisticalMinutes: number, h: DelayHistogram): number | null {
  const total = h.reduce((s, c) => s + c, 0);
  if (total === 0) return null;
  if (statisticalMinutes <= 0) return 0;
  let worth = 0;
  // one-minute steps are fine for a week (10 080 steps); beyond it the answer is "not within a week"
  for (let t = 1; t <= 10_080 + statisticalMinutes; t++) {
    worth += arrivedWithin(h, total, t - 0.5);
    if (worth >= statisticalMinutes) return t;
  }
  return Infinity;
}
