import { pairsOf, type JudgeCells } from "./agreement";
import {
  binEdges,
  calibrationMap,
  estimateAccuracy,
  MIN_CALIBRATION_LABELS,
  type CalibrationStep,
  type ConfidenceBin,
} from "./confidence-estimate";
import { judgeCorrectedAccuracy, MIN_PAIRS, type AccuracyMethod } from "./judge-corrected";
import { binSuffix, CONFIDENCE_BINS } from "./buckets";
import { rate, type Rate } from "./stats";

// The accuracy figure the metrics API and the feature page show, said honestly (issue 23). Pure:
// built from rollup sums of any slice and range.
//
// - `labels`: no judge verdict counts in the figure (every judged output also has a person's
//   verdict, or nothing was judged): today's figure, labelled outputs and their Wilson interval.
// - `judge_corrected`: the judge's verdicts count; its accuracy over every judged output is
//   corrected by its error on the random review sample (prediction-powered inference,
//   judge-corrected.ts), with an interval counting both. When the range has fewer than MIN_PAIRS
//   random pairs, the pairs of a stated trailing window correct it (`correctionWindow`).
// - `judge_uncorrected`: the judge's verdicts count and no random sample can correct them: the
//   mixed figure stands, its interval widened to [0, 1] — the judge's bias is unknown, so the
//   figure carries no evidence of its own precision (charts draw the whole band: said loudly).

/** The judge's sums of a scope (rollup columns JUDGE_SUM_COLUMNS). */
export interface JudgeTotals {
  judged: number;
  judgedCorrect: number;
  /** outputs whose effective verdict is the judge's (no person labelled them) */
  judgeLabelled: number;
  /** random-sample person verdicts × the judge's */
  pairs: JudgeCells;
}

export const judgeTotalsOf = (row: Record<string, number | undefined>): JudgeTotals => ({
  judged: row.judged ?? 0,
  judgedCorrect: row.judgedCorrect ?? 0,
  judgeLabelled: row.judgeLabelled ?? 0,
  pairs: {
    agreeCorrect: row.randomAgreeCorrect ?? 0,
    agreeWrong: row.randomAgreeWrong ?? 0,
    judgeSaysWrong: row.randomJudgeSaysWrong ?? 0,
    judgeSaysCorrect: row.randomJudgeSaysCorrect ?? 0,
  },
});

/** Two scopes' judge sums added: the sums of their union (pooled chart points). */
export function addJudgeTotals(a: JudgeTotals, b: JudgeTotals): JudgeTotals {
  return {
    judged: a.judged + b.judged,
    judgedCorrect: a.judgedCorrect + b.judgedCorrect,
    judgeLabelled: a.judgeLabelled + b.judgeLabelled,
    pairs: {
      agreeCorrect: a.pairs.agreeCorrect + b.pairs.agreeCorrect,
      agreeWrong: a.pairs.agreeWrong + b.pairs.agreeWrong,
      judgeSaysWrong: a.pairs.judgeSaysWrong + b.pairs.judgeSaysWrong,
      judgeSaysCorrect: a.pairs.judgeSaysCorrect + b.pairs.judgeSaysCorrect,
    },
  };
}

/** Random pairs from outside the figure's own range, and the range they come from. */
export interface Correction {
  pairs: JudgeCells;
  window: { from: string; to: string };
}

export interface AccuracyFigure {
  value: number | null;
  /** labels: labelled outputs; judge_*: judged outputs */
  n: number;
  /** judge_uncorrected: 0 and 1, no honest interval (the judge's bias is unknown) */
  lower: number;
  upper: number;
  method: AccuracyMethod;
  /** judge_*: random-sample pairs behind the correction (fewer than MIN_PAIRS: uncorrected) */
  pairs?: number;
  /** judge_*: the judge's verdict minus people's on the random sample (its bias), when corrected */
  judgeBias?: number | null;
  /** the pairs came from this trailing window, the range itself having too few */
  correctionWindow?: { from: string; to: string; pairs: number };
}

/** A judge-corrected estimate as a figure over the scope's `judged` outputs. */
function corrected(e: ReturnType<typeof judgeCorrectedAccuracy>, judged: number): AccuracyFigure {
  return { value: e.value, n: judged, lower: e.lower ?? 0, upper: e.upper ?? 1, method: e.method, pairs: e.pairs, judgeBias: e.judgeBias };
}

/** The figure of one scope: `mixed` is today's figure (effective verdicts), `fallback` the correction of a wider window. */
export function accuracyFigure(mixed: Rate, own: JudgeTotals, fallback: Correction | null = null): AccuracyFigure {
  if (own.judgeLabelled <= 0) return { ...mixed, method: "labels" };
  const ownPairs = pairsOf(own.pairs);
  if (ownPairs >= MIN_PAIRS) {
    return corrected(judgeCorrectedAccuracy({ judged: own.judged, judgedCorrect: own.judgedCorrect, pairs: own.pairs }), own.judged);
  }
  const windowPairs = fallback ? pairsOf(fallback.pairs) : 0;
  if (fallback && windowPairs >= MIN_PAIRS) {
    // the window's pairs are added to the judged outputs so that the estimator's "rest" is exactly
    // this scope's judged outputs: θ = this scope's judge accuracy + the window's (people − judge)
    const p = fallback.pairs;
    const e = judgeCorrectedAccuracy({
      judged: own.judged + windowPairs,
      judgedCorrect: own.judgedCorrect + p.agreeCorrect + p.judgeSaysCorrect,
      pairs: p,
    });
    return { ...corrected(e, own.judged), correctionWindow: { ...fallback.window, pairs: windowPairs } };
  }
  return {
    value: mixed.value,
    n: mixed.n,
    lower: 0,
    upper: 1,
    method: "judge_uncorrected",
    pairs: Math.max(ownPairs, windowPairs),
    judgeBias: null,
  };
}

/** One source's accuracy with its Wilson interval, or null when it labelled nothing. */
export type SourceFigure = { value: number; lower: number; upper: number; n: number } | null;

export function sourceFigure(correct: number, labelled: number): SourceFigure {
  if (labelled <= 0) return null;
  const r = rate(correct, labelled);
  return { value: r.value!, lower: r.lower, upper: r.upper, n: r.n };
}

/** Confidence bins of a scope: outputs per bin (h00…) and random-sample labels per bin (rl00…, rc00…). */
export function confidenceBins(outputs: Record<string, number | undefined>, random: Record<string, number | undefined>): ConfidenceBin[] {
  return binEdges(CONFIDENCE_BINS).map((edge, i) => {
    const s = binSuffix(i);
    return { ...edge, outputs: outputs[`h${s}`] ?? 0, labelled: random[`rl${s}`] ?? 0, correct: random[`rc${s}`] ?? 0 };
  });
}

export interface EstimatedAccuracy {
  value: number | null;
  lower: number | null;
  upper: number | null;
  /** outputs the estimate covers */
  n: number;
  /** random-sample labels the calibration map was learned from */
  labels: number;
  /** why there is no estimate (value null) */
  reason?: string;
}

/** The calibration map of random labels, or null (with the number of labels) when there are too few. */
export function learnedMap(random: Record<string, number | undefined>): { map: CalibrationStep[] | null; labels: number } {
  const bins = confidenceBins({}, random);
  const labels = bins.reduce((s, b) => s + b.labelled, 0);
  return { map: labels >= MIN_CALIBRATION_LABELS ? calibrationMap(bins) : null, labels };
}

/** Accuracy the outputs' confidence predicts through `map` (null map: too few random labels, said so). */
export function estimatedAccuracy(
  outputs: Record<string, number | undefined>,
  map: CalibrationStep[] | null,
  labels: number,
): EstimatedAccuracy {
  const bins = confidenceBins(outputs, {});
  const n = bins.reduce((s, b) => s + b.outputs, 0);
  if (!map) {
    return {
      value: null,
      lower: null,
      upper: null,
      n,
      labels,
      reason: `${labels} random-sample labels; the calibration map needs ${MIN_CALIBRATION_LABELS}`,
    };
  }
  if (n === 0) return { value: null, lower: null, upper: null, n, labels, reason: "no outputs" };
  const e = estimateAccuracy(bins, { map });
  return { value: e.value, lower: e.lower, upper: e.upper, n, labels };
}
