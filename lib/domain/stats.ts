// Statistics that do not cry wolf: every proportion comes with its Wilson interval, every
// comparison with a test. Pure functions, no I/O.

export const Z95 = 1.959964;

export type Interval = [number, number];

/** Wilson score interval for k successes out of n. n = 0 gives the uninformative [0, 1]. */
export function wilsonInterval(successes: number, n: number, z = Z95): Interval {
  if (n <= 0) return [0, 1];
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** A rate with its sample size and 95 % interval; value is null when nothing was observed. */
export interface Rate {
  value: number | null;
  n: number;
  lower: number;
  upper: number;
}

export function rate(successes: number, n: number): Rate {
  const [lower, upper] = wilsonInterval(successes, n);
  return { value: n > 0 ? successes / n : null, n, lower, upper };
}

/** Standard normal cumulative distribution (Abramowitz–Stegun 7.1.26 via erf, |error| < 1.5e-7). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(x) / Math.SQRT2));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}

export interface TwoProportionTest {
  z: number;
  /** one-sided p-value that the window's proportion is lower than the baseline's */
  pLower: number;
  difference: number;
}

/** Pooled two-proportion z-test: window (k1/n1) against baseline (k2/n2). */
export function twoProportionTest(k1: number, n1: number, k2: number, n2: number): TwoProportionTest {
  if (n1 <= 0 || n2 <= 0) return { z: 0, pLower: 1, difference: 0 };
  const p1 = k1 / n1;
  const p2 = k2 / n2;
  const pooled = (k1 + k2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return { z: 0, pLower: p1 < p2 ? 0 : 1, difference: p1 - p2 };
  const z = (p1 - p2) / se;
  return { z, pLower: normalCdf(z), difference: p1 - p2 };
}

export interface CalibrationBin {
  /** labelled outputs in this bin */
  n: number;
  correct: number;
  /** sum of the confidence of those labelled outputs */
  confidenceSum: number;
}

/** Expected calibration error: sum over bins of (n_bin / N) * |accuracy_bin - mean confidence_bin|. */
export function expectedCalibrationError(bins: CalibrationBin[]): number | null {
  const total = bins.reduce((s, b) => s + b.n, 0);
  if (total === 0) return null;
  let ece = 0;
  for (const b of bins) {
    if (b.n === 0) continue;
    ece += (b.n / total) * Math.abs(b.correct / b.n - b.confidenceSum / b.n);
  }
  return ece;
}
