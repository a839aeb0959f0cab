/** Where the q-quantile (0..1) of n sorted values sits: the two order statistics (0-based) and the weight between them. */
export function quantilePosition(n: number, q: number): { lo: number; hi: number; weight: number } {
  const pos = Math.min(1, Math.max(0, q)) * (n - 1);
  const lo = Math.floor(pos);
  return { lo, hi: Math.ceil(pos), weight: pos - lo };
}

/** The q-quantile of sorted order statistics, given a lookup by 0-based rank; null when n is 0. */
export function quantileOfRanks(n: number, q: number, at: (rank: number) => number): number | null {
  if (n === 0) return null;
  const { lo, hi, weight } = quantilePosition(n, q);
  return at(lo) + (at(hi) - at(lo)) * weight;
}

/** The q-quantile (0..1) of numbers by linear interpolation between order statistics; null when empty. */
export function quantile(values: readonly number[], q: number): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  return quantileOfRanks(sorted.length, q, (rank) => sorted[rank]);
}
