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
