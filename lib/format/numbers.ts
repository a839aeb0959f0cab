// Numbers for people: percentages with one decimal, counts with thousands separators.

export function percent(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return `${(value * 100).toFixed(digits)} %`;
}

export function count(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return new Intl.NumberFormat("en-US").format(value);
}

export function interval(lower: number, upper: number, n: number): string {
  if (n === 0) return "no data";
  return `${percent(lower)}–${percent(upper)}, n=${count(n)}`;
}
