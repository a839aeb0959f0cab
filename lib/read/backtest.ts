import { db, dbReady } from "../db";
import { backtest, lookbackMinutes, type BacktestResult, type BacktestRule, type SequentialBacktestRule } from "../domain/backtest";
import { backtestSequential, sequentialLookback, toSequentialRule } from "../domain/sequential-backtest";
import { sequentialCost, type RuleCost } from "../domain/sequential-cost";
import { DAY_MINUTES } from "../domain/sequential-rule";
import { calibrationMapsFor, dayCounts, minuteCellCounts, phasePlan } from "./sequential-counts";
import { binSuffix, CONFIDENCE_BINS, MINUTE_MS } from "../domain/buckets";
import type { MinuteCounts } from "../domain/rule-replay";
import { BACKTESTABLE_METRICS, type RuleMetric } from "../domain/rules";
import { AppError, notFound } from "../errors";
import type { BacktestRequest } from "../schemas/backtest";
import { toRuleConfig } from "../data/alert-rules";
import { labelDelayHistograms } from "./label-delay";
import { modelSeries, rollupMinutes, rollupTotals, type RollupScope } from "./rollup-reader";
import { COST_SUMS, LATENCY_SUMS, type UsageHistory } from "../domain/usage-backtest";
import { modelPriceTable } from "../env";
import { labelDelayReport } from "../domain/live-delay";
import { PEOPLE_VERDICT_COLUMNS, peopleVerdicts } from "../domain/rollup";

// Backtest of one rule on a feature's stored history: the minute buckets of the range (plus the
// rule's lookback) summed over the rule's scope in ONE query grouped by minute (rollup-reader.ts), then the pure
// `backtest` — which runs the live evaluator's own `evaluateRule` once per minute.

export interface RuleScope {
  phase?: string | null;
  segment?: string | null;
}

const BINS = Array.from({ length: CONFIDENCE_BINS }, (_, i) => binSuffix(i));

/**
 * The confidence bins that hold any labelled output in the range. Outputs crowd into a few bins
 * (a model is confident), so reading only those keeps the per-minute query narrow; an empty bin
 * is all zeros, which the evaluator treats exactly like a bin that was read.
 */
async function labelledBins(scope: RollupScope): Promise<string[]> {
  const sums = await rollupTotals(
    { ...scope, minutesOnly: true },
    BINS.map((b) => "l" + b),
  );
  return BINS.filter((b) => sums["l" + b]! > 0);
}

/** Only what the metric reads (and labelled/correct for the accuracy series under the periods). */
function columnsFor(metric: RuleMetric, bins: string[]): string[] {
  const base: string[] = [...PEOPLE_VERDICT_COLUMNS];
  if (metric === "thumbs_down_ceiling") return [...base, "thumbsUp", "thumbsDown"];
  if (metric === "critical_tickets") return [...base, "criticalTickets"];
  if (metric === "overconfidence") return [...base, ...bins.flatMap((b) => ["l" + b, "c" + b, "s" + b])];
  if (metric === "latency_ceiling") return [...base, ...LATENCY_SUMS];
  return base;
}

/** Per-minute sums of a feature's buckets in [fromMinute, toMinute) over a scope; minutes without data are left out. */
export async function minuteCounts(
  featureId: string,
  range: { fromMinute: number; toMinute: number },
  scope: RuleScope,
  metric: RuleMetric,
): Promise<MinuteCounts[]> {
  const rollupScope = { featureId, ...range, phase: scope.phase, segment: scope.segment };
  const bins = metric === "overconfidence" ? await labelledBins(rollupScope) : [];
  const columns = columnsFor(metric, bins);
  const at = new Map(columns.map((c, i) => [c, i + 1]));
  const result = await rollupMinutes(rollupScope, columns);
  return result.map((r) => {
    const n = (c: string) => (c === "minute" ? Number(r[0]) : at.has(c) ? Number(r[at.get(c)!] ?? 0) : 0);
    // people's verdicts only, as the live evaluator reads them (issue 23)
    const people = peopleVerdicts({
      labelled: n("labelled"),
      correct: n("correct"),
      judgeLabelled: n("judgeLabelled"),
      judgeLabelledCorrect: n("judgeLabelledCorrect"),
    });
    return {
      minute: n("minute"),
      labelled: people.labelled,
      correct: people.correct,
      thumbsUp: n("thumbsUp"),
      thumbsDown: n("thumbsDown"),
      criticalTickets: n("criticalTickets"),
      bins: metric === "overconfidence" ? BINS.map((b) => ({ n: n("l" + b), correct: n("c" + b), confidenceSum: n("s" + b) })) : [],
      ...(metric === "latency_ceiling" ? { latency: Object.fromEntries(LATENCY_SUMS.map((c) => [c, n(c)])) } : {}),
    };
  });
}

export interface BacktestRun {
  featureId: string;
  rule: BacktestRule & RuleScope;
  from: number;
  to: number;
  incident?: { from: number; to: number } | null;
  /** sequential rules: add the cost estimate (a Monte Carlo per slice: the API and editor ask for it) */
  withCost?: boolean;
}

export interface TimedBacktest extends BacktestResult {
  timing: { queryMs: number; replayMs: number; buckets: number };
  /** sequential rules: expected false alarms and detection delays per slice at the feature's traffic */
  cost?: RuleCost;
}

/** Reads the range's minutes for the rule's scope and replays the rule (the benchmark calls this). */
export async function backtestRule(run: BacktestRun): Promise<TimedBacktest> {
  const { rule } = run;
  if (rule.kind === "sequential") return backtestSequentialRule({ ...run, rule });
  if (!BACKTESTABLE_METRICS.includes(rule.metric)) {
    const why =
      rule.metric === "product_disobeyed"
        ? "The rule on AI answers shown while paused checks the product during a pause; there is nothing to replay"
        : "Judge agreement rules read an hourly rollup; the minute-by-minute backtest cannot replay them yet";
    throw new AppError("backtest_unsupported", 422, why);
  }
  const started = performance.now();
  const range = { fromMinute: Math.floor(run.from / MINUTE_MS) - lookbackMinutes(rule), toMinute: Math.ceil(run.to / MINUTE_MS) };
  const minutes = await minuteCounts(run.featureId, range, rule, rule.metric);
  const usage = await usageHistory(run.featureId, range, rule, minutes);
  const queried = performance.now();
  const result = backtest({ rule, minutes, from: run.from, to: run.to, incident: run.incident, usage });
  const timing = { queryMs: round(queried - started), replayMs: round(performance.now() - queried), buckets: minutes.length };
  return { ...result, timing };
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/**
 * A latency or cost rule's usage rollups over the range: the latency sums came with the minute rows
 * (minuteCounts reads them for a latency rule); the cost rule's hours of token sums per model are
 * read here, to be priced now.
 */
async function usageHistory(
  featureId: string,
  range: { fromMinute: number; toMinute: number },
  rule: RuleScope & { metric: RuleMetric },
  minutes: MinuteCounts[],
): Promise<UsageHistory | undefined> {
  if (rule.metric === "latency_ceiling") return { kind: "latency", minutes: minutes.map((m) => ({ minute: m.minute, sums: m.latency! })) };
  if (rule.metric === "cost_ceiling") {
    const scope = { featureId, ...range, phase: rule.phase, segment: rule.segment };
    const hours = await modelSeries(scope, COST_SUMS, 60);
    return {
      kind: "cost",
      hours: hours.map((h) => ({
        start: h.start,
        model: h.model,
        metered: h.sums.metered!,
        inputTokenSum: h.sums.inputTokenSum!,
        outputTokenSum: h.sums.outputTokenSum!,
      })),
      prices: modelPriceTable().prices,
    };
  }
  return undefined;
}

/** A sequential rule: per-day cells for the baselines and per-minute cells of the range, every slice. */
async function backtestSequentialRule(run: BacktestRun & { rule: SequentialBacktestRule & RuleScope }): Promise<TimedBacktest> {
  await dbReady();
  const { rule } = run;
  const started = performance.now();
  const back = sequentialLookback(rule, run.from);
  const plan = await phasePlan(run.featureId);
  // the estimate's calibration map: learned once, from the random labels of the 30 days before the range's end
  const maps = await calibrationMapsFor(run.featureId, rule.metric, run.to);
  const days = await dayCounts(
    run.featureId,
    rule.metric,
    { fromDay: back.fromDay, toDay: Math.ceil(run.to / MINUTE_MS / DAY_MINUTES) + 1 },
    plan,
    maps,
  );
  const minutes = await minuteCellCounts(
    run.featureId,
    rule.metric,
    { fromMinute: back.fromMinute, toMinute: Math.ceil(run.to / MINUTE_MS) },
    plan,
    maps,
  );
  const phases = plan.map((p) => p.key);
  const queried = performance.now();
  const result = backtestSequential({ rule, days, minutes, phases, from: run.from, to: run.to, incident: run.incident });
  const replayed = performance.now();
  const cost = run.withCost ? sequentialCost(toSequentialRule(rule, phases), days, run.to) : undefined;
  return { ...result, cost, timing: { queryMs: round(queried - started), replayMs: round(replayed - queried), buckets: minutes.length } };
}

/**
 * The backtest API's use case: a saved rule of the feature (by id) or a draft. Beside the replay's
 * (statistical) delays, `labelDelay` gives the feature's label delays by source and the delays a
 * team will see live (lib/domain/live-delay.ts), read from the labels of the range's last 30 days.
 */
export async function backtestForFeature(featureId: string, request: BacktestRequest) {
  const rule = "id" in request.rule ? await savedRule(featureId, request.rule.id) : { id: null, ...request.rule };
  const { id, name, windowMinutes, minSamples, phase, segment, action } = rule;
  const kindAndParams: BacktestRule =
    rule.kind === "sequential"
      ? { kind: "sequential", metric: rule.metric, params: rule.params, windowMinutes, minSamples, action }
      : { kind: "window", metric: rule.metric, params: rule.params, windowMinutes, minSamples, action };
  const result = await backtestRule({
    featureId,
    rule: { ...kindAndParams, phase, segment },
    withCost: true,
    from: request.from,
    to: request.to,
    incident: request.incident,
  });
  const labelDelay = labelDelayReport({
    metric: rule.metric,
    histograms: await labelDelayHistograms(featureId, request.to),
    incidentDelayMinutes: result.incident?.detected ? result.incident.detectionDelayMinutes : null,
    slices: result.cost?.slices,
  });
  return { ...result, rule: { id, name, ...result.rule }, labelDelay };
}

async function savedRule(featureId: string, id: string) {
  await dbReady();
  const row = await db.alertRule.findFirst({ where: { id, featureId, deletedAt: null } });
  if (!row) throw notFound(`No alert rule with id "${id}" on this feature`);
  return toRuleConfig(row);
}
