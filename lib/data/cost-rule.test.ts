import { beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "../db";
import { AppError } from "../errors";
import type { PriceTable } from "../domain/cost";
import { parseModelPrices } from "../domain/cost";
import { ZWindowRuleDraft } from "../schemas/alert-rules";
import { givenFeature } from "../testing/fixtures";
import { createAlertRule, setAlertRuleEnabled, updateAlertRule } from "./alert-rules";
import { evaluateFeature } from "../use-cases/evaluate-alerts";
import { ruleStatuses } from "../read/rule-statuses";
import { backtestRule } from "../read/backtest";
import { ingestEvents } from "../use-cases/ingest";

// The cost_ceiling rule (issue 27) on a real database: the window's token sums from the hourly
// model rollup, priced with ROLLGUARD_MODEL_PRICES at evaluation time.

const table = vi.hoisted(() => ({ current: null as PriceTable | null }));
vi.mock("../env", async (importOriginal) => {
  const real = await importOriginal<typeof import("../env")>();
  return { ...real, modelPriceTable: () => table.current ?? real.modelPriceTable() };
});

const PRICES = JSON.stringify({ currency: "USD", models: { "summarizer-2026-01": { input: 1, output: 4 }, "summarizer-2026-06": { input: 3, output: 12 } } });
const T0 = Date.parse("2026-11-20T10:00:00Z");
const MIN = 60_000;
const NOW = T0 + 50 * MIN;

// 400 input and 100 output tokens each: 0.0008 USD on the January version, 0.0024 on the June one
const output = (feature: string, id: string, model: string, minute: number) => ({
  type: "output",
  feature,
  id,
  timestamp: T0 + minute * MIN,
  segment: "smb",
  model,
  confidence: 0.9,
  inputTokens: 400,
  outputTokens: 100,
});

const costRule = (over: object = {}) =>
  ZWindowRuleDraft.parse({ kind: "window", name: "Cost above 0.002", metric: "cost_ceiling", params: { cost: 0.002 }, windowMinutes: 60, minSamples: 20, ...over });

beforeEach(() => {
  table.current = parseModelPrices(PRICES);
});

describe("cost_ceiling rule", () => {
  it("cheap outputs stay ok; a dearer model version opens the alert with a message naming the figure and the limit", async () => {
    const f = await givenFeature("cost-rule", "gradual");
    await db.alertRule.deleteMany({ where: { featureId: f.id } });
    const rule = await createAlertRule("cost-rule", costRule(), "test");
    const cheap = Array.from({ length: 40 }, (_, i) => output("cost-rule", `a${i}`, "summarizer-2026-01", i));
    expect((await ingestEvents(cheap, NOW)).accepted).toBe(40);
    expect((await evaluateFeature(f.id, NOW)).map((o) => [o.status, o.transition])).toEqual([["ok", null]]);
    const [status] = await ruleStatuses(f.id, NOW);
    expect(status.message).toBe("Cost per output 0.000800 USD (n = 40 priced outputs) vs limit 0.00200 USD");

    // the new version: 60 outputs at 0.0024 → (40 × 0.0008 + 60 × 0.0024) / 100 = 0.00176, still under
    const dear = Array.from({ length: 60 }, (_, i) => output("cost-rule", `b${i}`, "summarizer-2026-06", 40 + (i % 10)));
    await ingestEvents(dear, NOW);
    expect((await evaluateFeature(f.id, NOW)).map((o) => o.status)).toEqual(["ok"]);
    // 100 more of it → (32 + 384) / 200 = 0.00208: above the limit with 200 priced outputs
    await ingestEvents(
      Array.from({ length: 100 }, (_, i) => output("cost-rule", `c${i}`, "summarizer-2026-06", 45 + (i % 5))),
      NOW,
    );
    expect((await evaluateFeature(f.id, NOW)).map((o) => [o.status, o.transition])).toEqual([["breach", "opened"]]);
    const alert = await db.alert.findFirst({ where: { featureId: f.id, ruleId: rule.id } });
    expect(alert?.message).toBe("Cost per output 0.00208 USD (n = 200 priced outputs) vs limit 0.00200 USD");
    expect(alert?.value).toBeCloseTo(0.00208, 10);
    expect(alert?.sampleSize).toBe(200);
  });

  it("outputs of a model without a price are left out and named; a segment scope reads its segment only", async () => {
    const f = await givenFeature("cost-unpriced", "gradual");
    await db.alertRule.deleteMany({ where: { featureId: f.id } });
    await createAlertRule("cost-unpriced", costRule({ segment: "smb" }), "test");
    await ingestEvents(
      [
        ...Array.from({ length: 30 }, (_, i) => output("cost-unpriced", `a${i}`, "summarizer-2026-01", i)),
        ...Array.from({ length: 30 }, (_, i) => output("cost-unpriced", `l${i}`, "local-llm", i)),
        ...Array.from({ length: 30 }, (_, i) => ({ ...output("cost-unpriced", `e${i}`, "summarizer-2026-06", i), segment: "enterprise" })),
      ],
      NOW,
    );
    const [status] = await ruleStatuses(f.id, NOW);
    expect(status).toMatchObject({ status: "ok", sampleSize: 30 });
    expect(status.message).toBe("Cost per output 0.000800 USD (n = 30 priced outputs) vs limit 0.00200 USD; no price for local-llm (left out)");
  });

  it("without a price table a cost rule cannot be created, enabled or saved enabled (400 no_price_table); one left enabled says it never fires", async () => {
    const f = await givenFeature("cost-noprices", "gradual");
    await db.alertRule.deleteMany({ where: { featureId: f.id } });
    const rule = await createAlertRule("cost-noprices", costRule(), "test");
    table.current = { prices: null, error: null };
    const refused = await createAlertRule("cost-noprices", costRule({ name: "another" }), "test").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: "no_price_table", status: 400 });
    expect((refused as Error).message).toMatch(/^A cost rule needs a price table: set ROLLGUARD_MODEL_PRICES/);
    await expect(
      updateAlertRule("cost-noprices", { ruleId: rule.id, params: { cost: 0.003 }, windowMinutes: 60, minSamples: 20, action: "notify" }, "test"),
    ).rejects.toMatchObject({ code: "no_price_table" });
    // the rule saved earlier stays; its status says why it never fires
    await ingestEvents(Array.from({ length: 30 }, (_, i) => output("cost-noprices", `b${i}`, "summarizer-2026-06", i)), NOW);
    expect((await evaluateFeature(f.id, NOW)).map((o) => o.status)).toEqual(["ok"]);
    expect((await ruleStatuses(f.id, NOW))[0].message).toMatch(/^No price table: ROLLGUARD_MODEL_PRICES is unset or invalid/);
    // it can be disabled, not enabled again, and a bad table's error is named
    await setAlertRuleEnabled("cost-noprices", rule.id, false, "test");
    table.current = parseModelPrices("{not json");
    await expect(setAlertRuleEnabled("cost-noprices", rule.id, true, "test")).rejects.toThrow(
      /set but unusable: ROLLGUARD_MODEL_PRICES is not JSON/,
    );
    table.current = parseModelPrices(PRICES);
    expect((await setAlertRuleEnabled("cost-noprices", rule.id, true, "test")).rule.enabled).toBe(true);
  });

  it("the backtest replays it from the hourly model rollup: the dearer version's hour opens the alert, with the live figures", async () => {
    const f = await givenFeature("cost-backtest", "gradual");
    await db.alertRule.deleteMany({ where: { featureId: f.id } });
    const rule = await createAlertRule("cost-backtest", costRule(), "test");
    // 10:00–10:39 on the January version (0.0008 each); 11:00–11:59 on the June one (0.0024 each)
    await ingestEvents(Array.from({ length: 40 }, (_, i) => output("cost-backtest", `a${i}`, "summarizer-2026-01", i)), T0 + 3 * 60 * MIN);
    await ingestEvents(Array.from({ length: 60 }, (_, i) => output("cost-backtest", `b${i}`, "summarizer-2026-06", 60 + i)), T0 + 3 * 60 * MIN);
    const result = await backtestRule({ featureId: f.id, rule, from: T0, to: T0 + 3 * 60 * MIN });
    // the window (60 min) touches hour 10 alone until 10:59, both hours until 11:59, hour 11 alone after:
    // (40 × 0.0008 + 60 × 0.0024) / 100 = 0.00176 is under the limit; hour 11 alone, 0.0024, is over
    expect(result.alerts).toHaveLength(1);
    const [alert] = result.alerts;
    expect(new Date(alert.openedAt).toISOString()).toBe("2026-11-20T11:59:59.999Z");
    expect(alert.opened.message).toBe("Cost per output 0.00240 USD (n = 60 priced outputs) vs limit 0.00200 USD");
    // the live evaluator, run at the same minute on the same rows, says the same
    const live = await evaluateFeature(f.id, alert.openedAt);
    expect(live.map((o) => [o.ruleId, o.status, o.transition])).toEqual([[rule.id, "breach", "opened"]]);
    expect((await db.alert.findFirstOrThrow({ where: { ruleId: rule.id } })).message).toBe(alert.opened.message);
    // the chart's hourly figure: each hour's cost per output, none before the first output
    expect(result.currency).toBe("USD");
    expect(result.series.map((p) => p.usage?.value ?? null)).toEqual([0.0008, 0.0024, null].map((v) => (v === null ? null : expect.closeTo(v, 12))));
  });
});
