import type { AccuracyFigure } from "@/lib/domain/honest-accuracy";
import type { Figures } from "@/lib/domain/series";
import { count, money, percent } from "@/lib/format/numbers";
import { points } from "@/lib/format/rate";

// The range's headline figures, each with its sample size and interval where it is a rate.

function Figure({ label, value, detail }: { label: string; value: string; detail: string }) {
  return (
    <li className="min-w-0 rounded-lg border border-slate-200 bg-white px-3 py-2">
      <div className="text-xs font-medium text-slate-600">{label}</div>
      <div className="text-xl font-semibold tabular-nums text-slate-900">{value}</div>
      <div className="text-xs text-slate-600 [overflow-wrap:anywhere]">{detail}</div>
    </li>
  );
}

const ci = (lower: number, upper: number, n: number, unit: string) =>
  n === 0 ? `no ${unit} yet` : `${percent(lower)}–${percent(upper)}, n=${count(n)} ${unit}`;

/** The accuracy's detail: its interval, and how it was made when a judge is involved (issue 23). */
function accuracyDetail(a: Figures["accuracy"] & Partial<Pick<AccuracyFigure, "method" | "pairs" | "correctionWindow">>) {
  if (a.method === "judge_uncorrected") return `judge, uncorrected: no random sample, no interval (n=${count(a.n)})`;
  const interval = ci(a.lower, a.upper, a.n, a.method === "judge_corrected" ? "judged" : "labels");
  if (a.method !== "judge_corrected") return interval;
  return `${interval}; judge-corrected by ${count(a.correctionWindow?.pairs ?? a.pairs ?? 0)} random pairs${a.correctionWindow ? " (last 7 days)" : ""}`;
}

/** What the cost per output figure needs (the metrics API's `cost`). */
export interface CostFigureInput {
  perOutput: number | null;
  currency: string | null;
  n: number;
  unpricedModels: string[];
}

function costDetail(c: CostFigureInput): string {
  if (c.perOutput !== null)
    return `n=${count(c.n)} priced outputs, whole hours${c.unpricedModels.length ? `; no price for ${c.unpricedModels.join(", ")}` : ""}`;
  if (c.unpricedModels.length) return `no price for ${c.unpricedModels.join(", ")} (ROLLGUARD_MODEL_PRICES)`;
  return "no token usage reported";
}

export function SummaryFigures({ totals: t, ece, cost }: { totals: Figures; ece: number | null; cost?: CostFigureInput }) {
  return (
    <ul className="grid grid-cols-2 gap-2 sm:grid-cols-4 lg:grid-cols-7" aria-label="Figures for the selected range">
      <Figure label="Accuracy" value={percent(t.accuracy.value)} detail={accuracyDetail(t.accuracy)} />
      <Figure
        label="Overconfidence"
        value={points(t.overconfidence)}
        detail={t.overconfidence === null ? "needs labels" : `confidence ${percent(t.meanLabelledConfidence)} vs accuracy`}
      />
      <Figure label="ECE" value={percent(ece)} detail={ece === null ? "needs labels" : "calibration error, 20 bins"} />
      <Figure
        label="Thumbs down"
        value={percent(t.thumbsDownRate.value)}
        detail={ci(t.thumbsDownRate.lower, t.thumbsDownRate.upper, t.thumbsDownRate.n, "ratings")}
      />
      <Figure label="Ticket mentions" value={count(t.tickets)} detail={`${count(t.criticalTickets)} critical`} />
      <Figure label="Fell back" value={percent(t.fallbackRate.value)} detail={`of ${count(t.outputs)} outputs`} />
      {cost && <Figure label="Cost per output" value={money(cost.perOutput, cost.currency)} detail={costDetail(cost)} />}
    </ul>
  );
}
