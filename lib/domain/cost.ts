import { z } from "zod";

// Cost per output (issue 27): tokens × a price per model version, computed when the figures are
// read from the token sums the model rollup keeps per model — so changing a price re-prices all of
// history, and nothing about prices is stored with the outputs.
//
// The price table is the ROLLGUARD_MODEL_PRICES environment variable, JSON: per model version (as
// the outputs name it) the price of a million input and of a million output tokens, and optionally
// the currency (default USD) — e.g.
//   {"currency": "USD", "models": {"gpt-4o-2024-08-06": {"input": 2.5, "output": 10}}}

const ZPrice = z.strictObject({
  input: z.number().finite().nonnegative(),
  output: z.number().finite().nonnegative(),
});

export const ZModelPrices = z.strictObject({
  currency: z.string().trim().min(1).max(10).default("USD"),
  models: z.record(z.string().trim().min(1), ZPrice),
});

export type ModelPrices = z.output<typeof ZModelPrices>;

export interface PriceTable {
  prices: ModelPrices | null;
  /** why ROLLGUARD_MODEL_PRICES was not usable (it is then ignored), null when fine or unset */
  error: string | null;
}

/** The price table from the variable's text; unset or blank is no table, a bad one is reported and ignored. */
export function parseModelPrices(text: string | undefined): PriceTable {
  if (text === undefined || text.trim() === "") return { prices: null, error: null };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { prices: null, error: "ROLLGUARD_MODEL_PRICES is not JSON" };
  }
  const parsed = ZModelPrices.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { prices: null, error: `ROLLGUARD_MODEL_PRICES: ${issue.path.join(".") || "value"}: ${issue.message}` };
  }
  return { prices: parsed.data, error: null };
}

/** Token sums of one model over a scope (ModelBucket). */
export interface ModelTokens {
  model: string;
  /** outputs that reported token usage */
  metered: number;
  inputTokenSum: number;
  outputTokenSum: number;
}

export interface CostFigure {
  /** the priced models' tokens × their prices; null when no output of a priced model reported tokens */
  total: number | null;
  /** total over the outputs of priced models that reported tokens */
  perOutput: number | null;
  currency: string | null;
  /** outputs counted in the cost */
  n: number;
  /** models with token usage in the scope but no price: their outputs are left out of the cost */
  unpricedModels: string[];
}

const PER_TOKENS = 1_000_000;

/** The cost of a scope from its per-model token sums and the price table. */
export function costOf(models: readonly ModelTokens[], prices: ModelPrices | null): CostFigure {
  let total = 0;
  let n = 0;
  const unpriced: string[] = [];
  for (const m of models) {
    if (m.metered <= 0) continue;
    const price = prices?.models[m.model];
    if (!price) {
      unpriced.push(m.model);
      continue;
    }
    total += (m.inputTokenSum * price.input + m.outputTokenSum * price.output) / PER_TOKENS;
    n += m.metered;
  }
  return {
    total: n > 0 ? total : null,
    perOutput: n > 0 ? total / n : null,
    currency: prices?.currency ?? null,
    n,
    unpricedModels: unpriced.sort(),
  };
}

/** One model's token sums in one interval (ModelBucket grouped by interval and model); `start` in epoch minutes. */
export interface ModelTokensAt extends ModelTokens {
  start: number;
}

export interface CostPoint {
  /** ISO time and epoch minute of the interval's start */
  t: string;
  start: number;
  /** cost per priced output in the interval; null when no priced output reported tokens */
  perOutput: number | null;
  /** priced outputs counted */
  n: number;
  /** each priced model's cost per output in the interval (models with priced outputs only), by name */
  models: { model: string; perOutput: number; n: number }[];
}

export interface CostSeries {
  /** hour or day: the model rollup is hourly, so a minute series is read per hour */
  interval: "hour" | "day";
  currency: string | null;
  /** the priced models met in the range, by name (the chart's lines) */
  models: string[];
  /** models with token usage in the range but no price: left out of every point */
  unpricedModels: string[];
  points: CostPoint[];
}

const INTERVAL_SIZE = { hour: 60, day: 1440 } as const;

/**
 * Cost per priced output over time, overall and per model, from per-interval model token sums:
 * every interval of [fromMs, toMs) has a point (null where nothing priced reported tokens).
 */
export function costSeries(
  rows: readonly ModelTokensAt[],
  prices: ModelPrices | null,
  fromMs: number,
  toMs: number,
  interval: "hour" | "day",
): CostSeries {
  const size = INTERVAL_SIZE[interval];
  const at = (minute: number) => minute - (((minute % size) + size) % size);
  const byStart = new Map<number, ModelTokens[]>();
  for (const r of rows) {
    const start = at(r.start);
    const list = byStart.get(start) ?? [];
    const same = list.find((m) => m.model === r.model);
    if (same) {
      same.metered += r.metered;
      same.inputTokenSum += r.inputTokenSum;
      same.outputTokenSum += r.outputTokenSum;
    } else list.push({ model: r.model, metered: r.metered, inputTokenSum: r.inputTokenSum, outputTokenSum: r.outputTokenSum });
    byStart.set(start, list);
  }
  const priced = new Set<string>();
  const unpriced = new Set<string>();
  const points: CostPoint[] = [];
  const first = at(Math.floor(fromMs / 60_000));
  const last = at(Math.floor((toMs - 1) / 60_000));
  for (let start = first; start <= last; start += size) {
    const models = byStart.get(start) ?? [];
    const all = costOf(models, prices);
    for (const m of all.unpricedModels) unpriced.add(m);
    const each = models
      .map((m) => ({ model: m.model, cost: costOf([m], prices) }))
      .filter((m) => m.cost.perOutput !== null)
      .map((m) => ({ model: m.model, perOutput: m.cost.perOutput!, n: m.cost.n }))
      .sort((a, b) => (a.model < b.model ? -1 : a.model > b.model ? 1 : 0));
    for (const m of each) priced.add(m.model);
    points.push({ t: new Date(start * 60_000).toISOString(), start, perOutput: all.perOutput, n: all.n, models: each });
  }
  return { interval, currency: prices?.currency ?? null, models: [...priced].sort(), unpricedModels: [...unpriced].sort(), points };
}

/** Each priced model's cost per output over the whole series, dearest first (the chart's finding). */
export function costByModel(series: Pick<CostSeries, "points">): { model: string; perOutput: number; n: number }[] {
  const sums = new Map<string, { total: number; n: number }>();
  for (const p of series.points) {
    for (const m of p.models) {
      const s = sums.get(m.model) ?? { total: 0, n: 0 };
      s.total += m.perOutput * m.n;
      s.n += m.n;
      sums.set(m.model, s);
    }
  }
  return [...sums]
    .map(([model, s]) => ({ model, perOutput: s.total / s.n, n: s.n }))
    .sort((a, b) => b.perOutput - a.perOutput || (a.model < b.model ? -1 : 1));
}

/** Most model lines the cost chart draws (the models with the most priced outputs); the tooltip names every one. */
export const MAX_MODEL_LINES = 4;

export interface CostRow {
  start: number;
  perOutput: number | null;
  n: number;
  /** priced models' cost per output in the interval, null where the model had no priced output */
  byModel: Record<string, number | null>;
  /** priced outputs per model in the interval */
  nByModel: Record<string, number>;
}

/** The cost chart's rows and the models it draws a line for (one line when only one model was priced: the overall line is it). */
export function costRows(series: CostSeries): { rows: CostRow[]; lines: string[] } {
  const totals = new Map<string, number>();
  for (const p of series.points) for (const m of p.models) totals.set(m.model, (totals.get(m.model) ?? 0) + m.n);
  const lines =
    totals.size < 2
      ? []
      : [...totals]
          .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
          .slice(0, MAX_MODEL_LINES)
          .map(([model]) => model)
          .sort();
  const rows = series.points.map((p) => ({
    start: p.start,
    perOutput: p.perOutput,
    n: p.n,
    byModel: Object.fromEntries(series.models.map((model) => [model, p.models.find((m) => m.model === model)?.perOutput ?? null])),
    nByModel: Object.fromEntries(p.models.map((m) => [m.model, m.n])),
  }));
  return { rows, lines };
}
