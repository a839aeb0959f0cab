import type { AccuracyFigure, EstimatedAccuracy, SourceFigure } from "../domain/honest-accuracy";
import { count, percent } from "./numbers";

// The accuracy figure's method and sources in words, for the feature page (issue 23).

/** How the figure was made, in one sentence ("" for labels: today's figure needs no note). */
export function methodText(a: AccuracyFigure): string {
  if (a.method === "labels") return "";
  if (a.method === "judge_corrected") {
    const where = a.correctionWindow
      ? `the ${count(a.correctionWindow.pairs)} random-sample pairs of the trailing window from ${a.correctionWindow.from.slice(0, 10)} (this range has fewer than 20)`
      : `${count(a.pairs ?? 0)} random-sample pairs`;
    return `Judge-corrected: the judge's verdicts on every judged output, corrected by its error on ${where}${
      a.judgeBias != null ? ` (the judge reads ${a.judgeBias >= 0 ? "+" : ""}${(a.judgeBias * 100).toFixed(1)} points against people)` : ""
    }.`;
  }
  return `Judge uncorrected: the judge's verdicts count here and no random review sample can correct them yet (${count(
    a.pairs ?? 0,
  )} random pairs, 20 needed) — its bias is unknown, so the interval is withheld.`;
}

/** The figure with its interval, or without one when it has none to give. */
export function figureText(a: AccuracyFigure): string {
  if (a.value === null || a.n === 0) return "no data (n=0)";
  if (a.method === "judge_uncorrected") return `${percent(a.value)} (no interval, n=${count(a.n)})`;
  return `${percent(a.value)} (${percent(a.lower)}–${percent(a.upper)}, n=${count(a.n)})`;
}

type Sources = { groundTruth: SourceFigure; human: SourceFigure; judge: SourceFigure };

/** Each source's figure, when two or more sources labelled and they differ by a point or more; else null. */
export function sourcesText(s: Sources): string | null {
  const named = [
    ["Ground truth", s.groundTruth],
    ["People", s.human],
    ["Judge", s.judge],
  ].filter((x): x is [string, NonNullable<SourceFigure>] => x[1] !== null);
  if (named.length < 2) return null;
  const values = named.map(([, f]) => f.value);
  if (Math.max(...values) - Math.min(...values) < 0.01) return null;
  return named.map(([name, f]) => `${name} ${percent(f.value)} (${percent(f.lower)}–${percent(f.upper)}, n=${count(f.n)})`).join(" · ");
}

/** The confidence-based estimate in words. */
export function estimateText(e: EstimatedAccuracy): string {
  if (e.value === null) return `No estimate from confidence yet: ${e.reason ?? "too few random-sample labels"}.`;
  return `Estimated from confidence: ${percent(e.value)} (${percent(e.lower ?? 0)}–${percent(e.upper ?? 1)}), a calibration map of ${count(
    e.labels,
  )} random-sample labels applied to ${count(e.n)} outputs — blind to a drop the model does not feel (confidence staying high).`;
}

/**
 * The estimate at each chart row: the output-weighted mean of the estimates of the points it pools
 * (the estimate is a share-weighted sum, so pooling it so is exact).
 */
export function estimateAtRows(
  rowStarts: readonly number[],
  points: readonly { start: number; estimatedAccuracy?: EstimatedAccuracy }[],
  poolMinutes: number,
): (number | null)[] {
  return rowStarts.map((start) => {
    let weight = 0;
    let sum = 0;
    for (const p of points) {
      const e = p.estimatedAccuracy;
      if (p.start < start || p.start >= start + poolMinutes || !e || e.value === null || e.n === 0) continue;
      weight += e.n;
      sum += e.value * e.n;
    }
    return weight > 0 ? sum / weight : null;
  });
}
