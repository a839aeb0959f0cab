// Bernoulli CUSUM (Page 1954) on per-minute counts: each minute brings n trials of which k were
// "bad" (a wrong label, a thumbs down, a critical ticket per output). Under normal operation the
// bad rate is p0; the detector looks for a rise to p1. The minute's increment is the log-likelihood
// ratio of the minute, k·ln(p1/p0) + (n−k)·ln((1−p1)/(1−p0)), and the statistic is
// S_t = max(0, S_{t−1} + x_t). An alarm when S_t ≥ h.
//
// Why a CUSUM and not a mixture SPRT (always-valid p-values): the owner states a false-alarm
// budget per unit of time ("one per 30 days"), which is an average run length to false alarm —
// exactly the quantity the CUSUM is optimal for (Lorden 1971; Moustakides 1986: least worst-case
// detection delay among all procedures with the same ARL to false alarm). A mixture SPRT controls
// the probability of *ever* rejecting over an unbounded horizon; used for monitoring that never
// ends it must be restarted or its α spent over time, and its delay after a change that happens
// late is poor because the evidence accumulated before the change weighs against it. The CUSUM
// forgets the past by design (it restarts at 0 whenever evidence against a change piles up).
// A CUSUM is tuned for one shift; to cover small and large drops we run a few designs side by
// side and split the budget across them (Bonferroni), which costs ln(designs) in threshold.
//
// The threshold h comes from Siegmund's (1985) approximation of the ARL of a random walk with
// an overshoot correction, applied to the per-minute increments at the slice's traffic (labels
// per minute, as a Poisson count): ARL0 ≈ (e^{b} − b − 1)/|μ0|, b = h + 1.166·σ0, where μ0 and
// σ0 are the mean and sd of one minute's increment under p0 (θ = 1 is exact for a likelihood
// ratio). The tests check it by simulation at high and low traffic.
//
// Reproducible from rollups: the statistic at minute t is defined over a fixed memory of M
// minutes, S_t = max(0, max_{t−M < j ≤ t} Σ_{j..t} x) = P_t − min(P_{t−M} … P_t) over prefix sums P
// of the increments — the same number whether the live evaluator computes it from the last M
// minutes' rollups or the backtest slides over a month. It is never above the unbounded CUSUM,
// so the false-alarm guarantee holds; M only caps how much evidence a slow, tiny drift can pile up.

export interface Design {
  /** normal bad rate */
  p0: number;
  /** bad rate the design is tuned for */
  p1: number;
}

export interface Llr {
  /** added per bad trial */
  bad: number;
  /** added per good trial */
  good: number;
}

export function llrWeights({ p0, p1 }: Design): Llr {
  return { bad: Math.log(p1 / p0), good: Math.log((1 - p1) / (1 - p0)) };
}

/** One minute's increment for k bad of n (k above n — tickets per output — counts as n−k = 0 good). */
export function increment(w: Llr, n: number, k: number): number {
  return k * w.bad + Math.max(0, n - k) * w.good;
}

/** Mean and variance of one minute's increment when the true bad rate is p and trials per minute are Poisson(rate). */
export function minuteMoments(w: Llr, p: number, perMinute: number): { mean: number; variance: number } {
  const mean = perMinute * (p * w.bad + (1 - p) * w.good);
  // compound Poisson: Var = λ·E[x²]
  const variance = perMinute * (p * w.bad * w.bad + (1 - p) * w.good * w.good);
  return { mean, variance };
}

const OVERSHOOT = 1.166; // 2ρ, ρ = 0.583: the overshoot of a Gaussian random walk per unit sd (Siegmund), doubled as his ARL formula has it

/** Siegmund's approximation of the in-control ARL (minutes) of a CUSUM at threshold h. */
export function arlInControl(design: Design, perMinute: number, h: number): number {
  const w = llrWeights(design);
  const { mean, variance } = minuteMoments(w, design.p0, perMinute);
  if (!(mean < 0)) return Infinity; // no traffic: nothing can ever alarm
  const b = h + OVERSHOOT * Math.sqrt(variance);
  return (Math.exp(b) - b - 1) / -mean;
}

/** The threshold whose in-control ARL is `arlMinutes` (bisection on the approximation; ≥ 0.5). */
export function thresholdFor(design: Design, perMinute: number, arlMinutes: number): number {
  let lo = 0.5;
  if (arlInControl(design, perMinute, lo) >= arlMinutes) return lo;
  let hi = 1;
  while (arlInControl(design, perMinute, hi) < arlMinutes && hi < 200) hi *= 2;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (arlInControl(design, perMinute, mid) < arlMinutes) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * Expected detection delay (minutes) after a step to bad rate `p` (the statistic at 0 when it
 * happens): Siegmund's approximation (b − 1 + e^{−b})/μ1 with the same corrected b = h + 2ρσ1,
 * where μ1 > 0 is the increment's mean after the change.
 * Infinity when the design cannot see that change (μ1 ≤ 0).
 */
export function expectedDelay(design: Design, perMinute: number, h: number, p: number): number {
  const w = llrWeights(design);
  const { mean, variance } = minuteMoments(w, p, perMinute);
  if (!(mean > 0)) return Infinity;
  const b = h + OVERSHOOT * Math.sqrt(variance);
  return (b - 1 + Math.exp(-b)) / mean;
}

/** CUSUM over increments with a memory of `memory` minutes: the statistic after the last one. */
export function cusumOver(increments: ArrayLike<number>, memory = increments.length): number {
  const from = Math.max(0, increments.length - memory);
  let s = 0;
  for (let i = from; i < increments.length; i++) s = Math.max(0, s + increments[i]);
  return s;
}

/**
 * The same statistic slid minute by minute (for a backtest of a month): push each minute's
 * increment, read the statistic of the last `memory` minutes in O(1) amortised — a monotone
 * queue of prefix-sum minima.
 */
export class SlidingCusum {
  private prefix = 0;
  private t = 0;
  // (index, prefix) pairs with increasing prefix; index t holds the prefix *before* minute t.
  private readonly idx: number[] = [];
  private readonly val: number[] = [];
  private head = 0;

  constructor(readonly memory: number) {}

  push(x: number): number {
    // the prefix before this minute joins the candidates for the minimum
    while (this.idx.length > this.head && this.val[this.val.length - 1] >= this.prefix) {
      this.idx.pop();
      this.val.pop();
    }
    this.idx.push(this.t);
    this.val.push(this.prefix);
    this.prefix += x;
    this.t++;
    while (this.idx[this.head] < this.t - this.memory) this.head++;
    if (this.head > 4096 && this.head * 2 > this.idx.length) {
      this.idx.splice(0, this.head);
      this.val.splice(0, this.head);
      this.head = 0;
    }
    return Math.max(0, this.prefix - this.val[this.head]);
  }
}
