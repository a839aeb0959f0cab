import { costOf, type CostFigure, type ModelPrices, type ModelTokensAt } from "./cost";
import { LATENCY_BIN_COLUMNS, latencyQuantile } from "./latency";
import type { WindowCounts } from "./rules";

// The latency and cost rules in the backtest: what their live windows read besides the minute
// counters, replayed from the same rollups. A latency rule reads the latency buckets of the
// window's minute rows; a cost rule reads the hourly model rollup — the whole hours the window
// touches (those that start in [window start rounded down to its hour, window end)) — priced with
// today's table, as lib/read/rule-counts.ts reads them live. Prefix sums make each of the range's
// evaluations (one a minute) a few lookups. As every backtest, it replays what is stored now: the
// hour an evaluation falls in counts whole, outputs of its later minutes too (the live rule, at
// that minute, had seen the hour so far), so a cost alert may open up to an hour earlier than it
// did live; the cost is a figure over whole hours either way.

/** What the latency rule sums over its window (minute rows of the rollup). */
export const LATENCY_SUMS: readonly string[] = ["timed", ...LATENCY_BIN_COLUMNS];
/** What the cost rule sums over the hours its window touches (the hourly model rollup). */
export const COST_SUMS = ["metered", "inputTokenSum", "outputTokenSum"] as const;

/** The usage history a latency or cost rule's backtest reads: minute rows of latency sums, or hours of token sums per model. */
export type UsageHistory =
  | { kind: "latency"; minutes: { minute: number; sums: Record<string, number> }[] }
  | { kind: "cost"; hours: ModelTokensAt[]; prices: ModelPrices | null };

/** Dense prefix sums of named columns over the integer positions [from, to): any range is two lookups. */
export class PrefixColumns {
  private readonly prefix: Float64Array;

  constructor(
    private readonly from: number,
    private readonly to: number,
    rows: { at: number; sums: Record<string, number> }[],
    private readonly columns: readonly string[],
  ) {
    const width = columns.length;
    const prefix = (this.prefix = new Float64Array((Math.max(0, to - from) + 1) * width));
    for (const r of rows) {
      if (r.at < from || r.at >= to) continue;
      const row = (r.at - from + 1) * width;
      for (let j = 0; j < width; j++) prefix[row + j] += r.sums[columns[j]] ?? 0;
    }
    for (let at = width; at < prefix.length; at++) prefix[at] += prefix[at - width];
  }

  /** Sums over [a, b), clipped to the positions held. */
  sum(a: number, b: number): Record<string, number> {
    const clip = (x: number) => (Math.min(this.to, Math.max(this.from, x)) - this.from) * this.columns.length;
    const [lo, hi] = [clip(a), clip(Math.max(a, b))];
    return Object.fromEntries(this.columns.map((c, j) => [c, this.prefix[hi + j] - this.prefix[lo + j]]));
  }
}

/** The whole hours a window of minutes [fromMinute, toMinute) reads from the hourly model rollup, as hour indices [from, to). */
export const hoursOf = (fromMinute: number, toMinute: number) => ({ from: Math.floor(fromMinute / 60), to: Math.ceil(toMinute / 60) });

/** The part of a window's counts a usage rule reads, for any window of minutes inside [fromMinute, toMinute). */
export function usageWindows(
  history: UsageHistory,
  fromMinute: number,
  toMinute: number,
): (from: number, to: number) => Partial<WindowCounts> {
  if (history.kind === "latency") {
    const sums = new PrefixColumns(
      fromMinute,
      toMinute,
      history.minutes.map((m) => ({ at: m.minute, sums: m.sums })),
      LATENCY_SUMS,
    );
    return (from, to) => ({ latency: sums.sum(from, to) });
  }
  const span = hoursOf(fromMinute, toMinute);
  const byModel = new Map<string, { at: number; sums: Record<string, number> }[]>();
  for (const h of history.hours) {
    const rows = byModel.get(h.model) ?? byModel.set(h.model, []).get(h.model)!;
    rows.push({
      at: Math.floor(h.start / 60),
      sums: { metered: h.metered, inputTokenSum: h.inputTokenSum, outputTokenSum: h.outputTokenSum },
    });
  }
  // the live read lists models in order; prices are summed in that order
  const models = [...byModel.keys()]
    .sort()
    .map((model) => ({ model, sums: new PrefixColumns(span.from, span.to, byModel.get(model)!, COST_SUMS) }));
  return (from, to) => {
    const hours = hoursOf(from, to);
    const tokens = models.map(({ model, sums }) => {
      const s = sums.sum(hours.from, hours.to);
      return { model, metered: s.metered, inputTokenSum: s.inputTokenSum, outputTokenSum: s.outputTokenSum };
    });
    return { cost: costOf(tokens, history.prices) };
  };
}

/** The figure a usage rule holds to its ceiling, for one bucket of the chart: p95 latency (ms) or cost per output. */
export function usageFigure(window: Partial<WindowCounts>): { value: number | null; n: number } {
  if (window.latency) return { value: latencyQuantile(window.latency, 0.95)?.ms ?? null, n: window.latency.timed ?? 0 };
  const cost: CostFigure | undefined = window.cost;
  return { value: cost?.perOutput ?? null, n: cost?.n ?? 0 };
}
