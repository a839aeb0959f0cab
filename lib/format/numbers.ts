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

/** A latency for people: "850 ms", "2.4 s", "1.5 min" ("—" when unknown); the unit never wraps away (no-break space). */
export function millis(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  if (ms < 1000) return `${Math.round(ms)}\u00a0ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}\u00a0s`;
  return `${(ms / 60_000).toFixed(1)}\u00a0min`;
}

/** An amount of money with three significant digits (a cost per output is often a fraction of a cent). */
export function money(value: number | null | undefined, currency: string | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  const digits = { maximumSignificantDigits: 3, minimumSignificantDigits: 1 };
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency: currency ?? "USD", ...digits }).format(value);
  } catch {
    return `${new Intl.NumberFormat("en-US", digits).format(value)} ${currency ?? ""}`.trim(); // not an ISO 4217 code
  }
}
