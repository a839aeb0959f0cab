import type { Rate } from "../domain/stats";
import { count, percent } from "./numbers";

/** "91.2 % (88.9–93.4 %, n=572)": a rate is never shown without its interval and sample. */
export function rateText(r: Rate): string {
  if (r.value === null || r.n === 0) return "no data (n=0)";
  return `${percent(r.value)} (${percent(r.lower)}–${percent(r.upper)}, n=${count(r.n)})`;
}

/** A difference of two proportions in percentage points: "+13.0 points". */
export function points(diff: number | null | undefined): string {
  if (diff === null || diff === undefined || !Number.isFinite(diff)) return "—";
  const v = (diff * 100).toFixed(1);
  return `${diff >= 0 ? "+" : ""}${v} points`;
}

/** A compact axis tick: "95%". */
export function percentTick(v: number): string {
  return Number.isFinite(v) ? `${Math.round(v * 100)}%` : "";
}
