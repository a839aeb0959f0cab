import { dbReady } from "../db";
import { binSuffix, CONFIDENCE_BINS } from "../domain/buckets";
import { COST_SUMS, LATENCY_SUMS } from "../domain/usage-backtest";
import { costOf } from "../domain/cost";
import { modelPriceTable } from "../env";
import { EMPTY_WINDOW, ruleRanges, type WindowCounts } from "../domain/rules";
import { assessSequential, sequentialRanges, type SliceAssessment } from "../domain/sequential-rule";
import { judgeCells } from "./judge-agreement";
import { asSequential, type SequentialRuleConfig, type WindowRuleConfig } from "../data/alert-rules";
import { modelSums, rollupTotals } from "./rollup-reader";
import { calibrationMapsFor, dayCounts, minuteCellCounts, phasePlan } from "./sequential-counts";
import { PEOPLE_VERDICT_COLUMNS, peopleVerdicts } from "../domain/rollup";
import { assessDisobedience } from "../domain/proof";
import { shownWhilePaused } from "./proof";

// What a rule reads at `now`: the window sums of a windowed rule (minute rollups, never raw rows),
// a sequential rule's verdict per slice (the same reads the backtest uses), and the built-in
// disobedience rule's shown-while-paused count. The live evaluator (lib/use-cases/evaluate-alerts.ts)
// and the rule statuses of pages and the API read through here.

const BIN_SUMS = Array.from({ length: CONFIDENCE_BINS }, (_, i) => ["l", "c", "s"].map((p) => p + binSuffix(i))).flat();
const SUMMED = [...PEOPLE_VERDICT_COLUMNS, "thumbsUp", "thumbsDown", "criticalTickets", ...BIN_SUMS];

export async function windowCounts(
  featureId: string,
  range: { fromMinute: number; toMinute: number },
  scope: { phase?: string | null; segment?: string | null } = {},
): Promise<WindowCounts> {
  // minute rows only, as the live evaluator always has (its windows are minutes, not hours)
  const n = await rollupTotals({ featureId, ...range, phase: scope.phase, segment: scope.segment, minutesOnly: true }, SUMMED);
  const bins = Array.from({ length: CONFIDENCE_BINS }, (_, i) => {
    const b = binSuffix(i);
    return { n: n["l" + b]!, correct: n["c" + b]!, confidenceSum: n["s" + b]! };
  });
  // the accuracy rules read people's verdicts only (issue 23); the judge has its own rule
  const people = peopleVerdicts({
    labelled: n.labelled!,
    correct: n.correct!,
    judgeLabelled: n.judgeLabelled!,
    judgeLabelledCorrect: n.judgeLabelledCorrect!,
  });
  return {
    labelled: people.labelled,
    correct: people.correct,
    thumbsUp: n.thumbsUp!,
    thumbsDown: n.thumbsDown!,
    criticalTickets: n.criticalTickets!,
    bins,
  };
}

export async function ruleWindowCounts(rule: WindowRuleConfig, now: number) {
  const ranges = ruleRanges(rule, now);
  if (rule.metric === "judge_agreement_drop") {
    await dbReady();
    return {
      window: { ...EMPTY_WINDOW, judge: await judgeCells(rule.featureId, ranges.window, rule) },
      baseline: ranges.baseline ? { ...EMPTY_WINDOW, judge: await judgeCells(rule.featureId, ranges.baseline, rule) } : undefined,
    };
  }
  if (rule.metric === "latency_ceiling") {
    const latency = await rollupTotals(
      { featureId: rule.featureId, ...ranges.window, phase: rule.phase, segment: rule.segment, minutesOnly: true },
      LATENCY_SUMS,
    );
    return { window: { ...EMPTY_WINDOW, latency }, baseline: undefined };
  }
  if (rule.metric === "cost_ceiling") {
    // the hourly model rollup: the whole hours the window touches, priced now (prices re-price history)
    const perModel = await modelSums({ featureId: rule.featureId, ...ranges.window, phase: rule.phase, segment: rule.segment }, COST_SUMS);
    const cost = costOf(
      perModel.map((m) => ({
        model: m.model,
        metered: m.sums.metered!,
        inputTokenSum: m.sums.inputTokenSum!,
        outputTokenSum: m.sums.outputTokenSum!,
      })),
      modelPriceTable().prices,
    );
    return { window: { ...EMPTY_WINDOW, cost }, baseline: undefined };
  }
  const [window, baseline] = await Promise.all([
    windowCounts(rule.featureId, ranges.window, rule),
    ranges.baseline ? windowCounts(rule.featureId, ranges.baseline, rule) : Promise.resolve(undefined),
  ]);
  return { window, baseline };
}

/** A sequential rule's verdict per slice at `now`, from the rollups (the same reads the backtest uses). */
export async function sequentialAssessments(rule: SequentialRuleConfig, now: number): Promise<SliceAssessment[]> {
  const plan = await phasePlan(rule.featureId);
  const seq = { ...asSequential(rule), phases: plan.map((p) => p.key) };
  const ranges = sequentialRanges(seq, now);
  const maps = await calibrationMapsFor(rule.featureId, rule.metric, now);
  const days = await dayCounts(rule.featureId, rule.metric, { fromDay: ranges.days.fromDay, toDay: ranges.days.toDay }, plan, maps);
  const minutes = await minuteCellCounts(rule.featureId, rule.metric, ranges.minutes, plan, maps);
  return assessSequential(seq, days, minutes, now);
}

/**
 * The built-in "AI answers shown while paused" rule at `now`: from the pause (the feature's
 * stateChangedAt while paused), not a window. Nothing is read while the feature runs and no alert
 * is open; the newest shown answer is looked up only for the opening message.
 */
export async function disobedienceAssessment(
  feature: { id: string; state: string; stateChangedAt: Date },
  rule: WindowRuleConfig,
  isOpen: boolean,
  now: number,
) {
  if (feature.state !== "paused") return assessDisobedience(null);
  const shown = await shownWhilePaused(feature.id, feature.stateChangedAt.getTime(), now, !isOpen);
  return assessDisobedience(shown, rule.params.count ?? 1);
}
