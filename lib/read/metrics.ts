import { pairsOf } from "../domain/agreement";
import { INTERVAL_MINUTES, intervalStart, MINUTE_MS } from "../domain/buckets";
import { accuracyFigure, estimatedAccuracy, judgeTotalsOf, learnedMap, sourceFigure, type Correction } from "../domain/honest-accuracy";
import { CALIBRATION_WINDOW_DAYS } from "../domain/confidence-estimate";
import { MIN_PAIRS } from "../domain/judge-corrected";
import { costOf, costSeries, type ModelPrices } from "../domain/cost";
import { latencyFigure, USAGE_COLUMNS } from "../domain/latency";
import { BIN_COLUMNS, JUDGE_SUM_COLUMNS } from "../domain/rollup";
import { modelPriceTable } from "../env";
import { figures, shapeBins, shapeSeries, ZERO_COUNTERS, type Counters, type SeriesRow } from "../domain/series";
import { rate } from "../domain/stats";
import type { MetricsQuery } from "../schemas/metrics";
import { randomLabelBins, sourceTotals } from "./judge-agreement";
import { modelSeries, modelSums, rollupSeries, rollupTotals, segmentSums, sliceSums, type RollupScope } from "./rollup-reader";

// Dashboard reads: sums over rollup rows only, never raw outputs (read by rollup-reader.ts).

const COUNTERS = Object.keys(ZERO_COUNTERS) as (keyof Counters)[];
const OUTPUT_BINS = BIN_COLUMNS.filter((c) => c.startsWith("h"));
const DAY_MS = 1440 * MINUTE_MS;
const COST_SUMS = ["metered", "inputTokenSum", "outputTokenSum"];

export async function featureMetrics(featureId: string, q: MetricsQuery, prices: ModelPrices | null = modelPriceTable().prices) {
  const fromMinute = Math.floor(q.from / MINUTE_MS);
  const toMinute = Math.ceil(q.to / MINUTE_MS);
  const scope = { featureId, fromMinute, toMinute, phase: q.phase, segment: q.segment, model: q.model };
  const seriesRows = await rollupSeries(
    { ...scope, minutesOnly: q.interval === "minute" },
    [...COUNTERS, ...JUDGE_SUM_COLUMNS, ...OUTPUT_BINS, ...USAGE_COLUMNS],
    {
      intervalMinutes: INTERVAL_MINUTES[q.interval],
    },
  );
  const totals = await rollupTotals(scope, [...COUNTERS, ...BIN_COLUMNS, ...JUDGE_SUM_COLUMNS, ...USAGE_COLUMNS]);
  const perModel = await modelSums(scope, COST_SUMS);
  // the model rollup is hourly: a minute series reads its cost per hour
  const costInterval = q.interval === "day" ? "day" : "hour";
  const perModelAt = await modelSeries(scope, COST_SUMS, INTERVAL_MINUTES[costInterval]);
  const bins = shapeBins(totals);
  const honest = await honestFigures(featureId, q, scope, totals);
  const byStart = new Map(seriesRows.map((r) => [intervalStart(r.start, q.interval), r.sums]));
  const points = shapeSeries(
    seriesRows.map((r) => ({ start: r.start, ...pick(r.sums) }) as SeriesRow),
    q.from,
    q.to,
    q.interval,
  ).map((p) => {
    const sums = byStart.get(p.start) ?? {};
    return {
      ...p,
      accuracy: accuracyFigure(p.accuracy, judgeTotalsOf(sums), honest.pointCorrection),
      judge: judgeTotalsOf(sums),
      estimatedAccuracy: estimatedAccuracy(sums, honest.map, honest.labels),
      latency: pointLatency(sums),
    };
  });
  return {
    from: new Date(q.from).toISOString(),
    to: new Date(q.to).toISOString(),
    interval: q.interval,
    phase: q.phase ?? null,
    segment: q.segment ?? null,
    model: q.model ?? null,
    totals: {
      ...figures({ ...ZERO_COUNTERS, ...pick(totals) }),
      accuracy: honest.accuracy,
      accuracyBySource: honest.bySource,
      estimatedAccuracy: honest.estimate,
    },
    points,
    /** the random pairs that corrected points with too few of their own (pooled points use them too) */
    pointCorrection: honest.pointCorrection,
    histogram: bins.histogram,
    calibration: bins.calibration,
    ece: bins.ece,
    /** of the outputs that reported a duration (issue 27): from the fixed log buckets, within a factor √2 */
    latency: latencyFigure(totals),
    /** summed over the outputs that reported token usage (n) */
    tokens: { input: totals.inputTokenSum ?? 0, output: totals.outputTokenSum ?? 0, n: totals.metered ?? 0 },
    /** tokens × ROLLGUARD_MODEL_PRICES, per model from the hourly model rollup (the hours that start in the range) */
    cost: costOf(
      perModel.map((m) => ({
        model: m.model,
        metered: m.sums.metered,
        inputTokenSum: m.sums.inputTokenSum,
        outputTokenSum: m.sums.outputTokenSum,
      })),
      prices,
    ),
    /** cost per priced output per hour (per day with interval=day), overall and per priced model */
    costSeries: costSeries(
      perModelAt.map((m) => ({
        start: m.start,
        model: m.model,
        metered: m.sums.metered,
        inputTokenSum: m.sums.inputTokenSum,
        outputTokenSum: m.sums.outputTokenSum,
      })),
      prices,
      q.from,
      q.to,
      costInterval,
    ),
  };
}

/** A point's p50/p95 latency and how many outputs reported a duration. */
function pointLatency(sums: Record<string, number>) {
  const f = latencyFigure(sums);
  return { p50Ms: f.p50Ms, p95Ms: f.p95Ms, n: f.n };
}

/** Random pairs are read from this trailing window when the range has too few (issue 23). */
export const CORRECTION_WINDOW_DAYS = 7;
/** The calibration map of the confidence-based estimate learns from random labels of this trailing window (or the range, when longer). */
export { CALIBRATION_WINDOW_DAYS };

/**
 * The honest accuracy figures of a scope (lib/domain/honest-accuracy.ts): the accuracy with its
 * method (judge-corrected from the range's random pairs, else from the trailing window's), each
 * source's accuracy, and the confidence-based estimate.
 */
async function honestFigures(featureId: string, q: MetricsQuery, scope: RollupScope, totals: Record<string, number>) {
  const own = judgeTotalsOf(totals);
  const windowFrom = Math.min(q.from, q.to - CORRECTION_WINDOW_DAYS * DAY_MS);
  const window = { from: new Date(windowFrom).toISOString(), to: new Date(q.to).toISOString() };
  let correction: Correction | null = null;
  if (own.judgeLabelled > 0 && pairsOf(own.pairs) < MIN_PAIRS && windowFrom < q.from) {
    const sums = await rollupTotals({ ...scope, fromMinute: Math.floor(windowFrom / MINUTE_MS) }, JUDGE_SUM_COLUMNS);
    correction = { pairs: judgeTotalsOf(sums).pairs, window };
  }
  const accuracy = accuracyFigure(figures({ ...ZERO_COUNTERS, ...pick(totals) }).accuracy, own, correction);
  // a point with too few pairs of its own is corrected by the range's pairs, else the window's
  const pointCorrection: Correction | null =
    pairsOf(own.pairs) >= MIN_PAIRS ? { pairs: own.pairs, window: { from: new Date(q.from).toISOString(), to: window.to } } : correction;

  const hours = { fromMinute: Math.floor(q.from / MINUTE_MS), toMinute: Math.ceil(q.to / MINUTE_MS) };
  // per source from the source rollup (no model dimension: of one model, the judge's only)
  const sources = q.model ? {} : await sourceTotals(featureId, hours, { phase: q.phase, segment: q.segment });
  const bySource = {
    groundTruth: q.model ? null : sourceFigure(sources.ground_truth?.correct ?? 0, sources.ground_truth?.labelled ?? 0),
    human: q.model ? null : sourceFigure(sources.human?.correct ?? 0, sources.human?.labelled ?? 0),
    judge: sourceFigure(own.judgedCorrect, own.judged),
  };

  // the calibration map: random labels of the scope's phase and segment where there are enough, else of the feature
  const calibration = {
    fromMinute: Math.floor(Math.min(q.from, q.to - CALIBRATION_WINDOW_DAYS * DAY_MS) / MINUTE_MS),
    toMinute: hours.toMinute,
  };
  let learned = learnedMap(await randomLabelBins(featureId, calibration, { phase: q.phase, segment: q.segment }));
  if (!learned.map && (q.phase || q.segment)) {
    const wide = learnedMap(await randomLabelBins(featureId, calibration));
    if (wide.map) learned = wide;
  }
  return {
    accuracy,
    pointCorrection,
    bySource,
    map: learned.map,
    labels: learned.labels,
    estimate: estimatedAccuracy(totals, learned.map, learned.labels),
  };
}

/** Adds a row's numbers into an accumulator (a new one when there is none). */
function addInto(acc: Record<string, number> | undefined, row: Record<string, number>): Record<string, number> {
  if (!acc) return { ...row };
  for (const [k, v] of Object.entries(row)) acc[k] = (acc[k] ?? 0) + v;
  return acc;
}

function pick(row: Record<string, number>): Counters {
  const out = { ...ZERO_COUNTERS };
  for (const k of COUNTERS) out[k] = row[k] ?? 0;
  return out;
}

export type FeatureMetrics = Awaited<ReturnType<typeof featureMetrics>>;

const SLICE_COUNTERS = ["outputs", "labelled", "correct", "thumbsUp", "thumbsDown"] as const;

/**
 * Accuracy and thumbs per segment and per input type, with intervals: where do errors sit? One
 * pass over the hourly slice rollups (grouped by both), then summed each way here. Of one model:
 * per segment from ModelBucket, and no input types (null: SliceBucket has no model).
 */
export async function errorSlices(featureId: string, q: Pick<MetricsQuery, "from" | "to" | "phase" | "segment" | "model">) {
  const scope = {
    featureId,
    fromMinute: Math.floor(q.from / MINUTE_MS),
    toMinute: Math.ceil(q.to / MINUTE_MS),
    phase: q.phase,
    segment: q.segment,
  };
  const rows = q.model
    ? (await segmentSums({ ...scope, model: q.model }, SLICE_COUNTERS)).map((r) => ({ ...r, inputType: "" }))
    : await sliceSums(scope, SLICE_COUNTERS);
  const by = (key: "segment" | "inputType") => {
    const totals = new Map<string, Record<string, number>>();
    for (const r of rows) {
      const slice = String(r[key]);
      totals.set(slice, addInto(totals.get(slice), r.sums));
    }
    return [...totals.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([slice, n]) => ({
        slice,
        outputs: n.outputs,
        accuracy: rate(n.correct, n.labelled),
        thumbsDownRate: rate(n.thumbsDown, n.thumbsUp + n.thumbsDown),
      }));
  };
  // one model: per segment from the model rollup; per input type there is no model dimension (null)
  return { bySegment: by("segment"), byInputType: q.model ? null : by("inputType") };
}
