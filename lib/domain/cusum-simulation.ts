import { Random } from "../demo/random";
import { increment, llrWeights, type Design } from "./cusum";

// Monte Carlo of one CUSUM design on Poisson traffic with Bernoulli outcomes: run lengths to the
// first alarm. The tests check the ARL approximation against it; the bench uses it for the
// reference detector.

export interface SimulationCase {
  design: Design;
  h: number;
  /** trials per minute (Poisson mean) */
  perMinute: number;
  /** true bad rate before and after `changeAt` (minutes from the start) */
  before: number;
  after?: number;
  changeAt?: number;
  /** give up after this many minutes (the run counts as this long) */
  maxMinutes: number;
  runs: number;
  seed: number;
}

/** Exact binomial draw by inversion of the CDF (one uniform; O(k)). */
export function binomial(rng: Random, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  const q = 1 - p;
  const ratio = p / q;
  let prob = Math.pow(q, n);
  let cdf = prob;
  const u = rng.next();
  let k = 0;
  while (u > cdf && k < n) {
    prob *= ((n - k) / (k + 1)) * ratio;
    k++;
    cdf += prob;
  }
  return k;
}

/** Minutes from the start to the first alarm of each run (maxMinutes when none). */
export function simulateRunLengths(c: SimulationCase): number[] {
  const rng = new Random(c.seed);
  const w = llrWeights(c.design);
  const out: number[] = [];
  for (let r = 0; r < c.runs; r++) {
    let s = 0;
    let t = 0;
    for (; t < c.maxMinutes; t++) {
      const p = c.changeAt !== undefined && t >= c.changeAt ? (c.after ?? c.before) : c.before;
      const n = rng.poisson(c.perMinute);
      s = Math.max(0, s + increment(w, n, n > 0 ? binomial(rng, n, p) : 0));
      if (s >= c.h) break;
    }
    out.push(t + 1);
  }
  return out;
}

/**
 * Detection delay (minutes) of several designs run side by side (alarm when any crosses its own
 * threshold) after a step to bad rate `p`, all statistics at 0 when it happens. Runs that do not
 * alarm within `maxMinutes` count as `maxMinutes`.
 */
export function simulateDelays(
  detectors: { weights: { bad: number; good: number }; h: number }[],
  perMinute: number,
  p: number,
  runs: number,
  maxMinutes: number,
  seed: number,
): number[] {
  const rng = new Random(seed);
  const out: number[] = [];
  for (let r = 0; r < runs; r++) {
    const s = detectors.map(() => 0);
    let t = 0;
    let alarmed = false;
    while (!alarmed && t < maxMinutes) {
      t++;
      const n = rng.poisson(perMinute);
      const k = n > 0 ? binomial(rng, n, p) : 0;
      for (let d = 0; d < detectors.length; d++) {
        s[d] = Math.max(0, s[d] + increment(detectors[d].weights, n, k));
        if (s[d] >= detectors[d].h) alarmed = true;
      }
    }
    out.push(t);
  }
  return out;
}
