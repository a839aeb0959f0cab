// npx tsx bench/labels.ts [RUNS]: how honest Rollguard's accuracy is when labels are scarce (issue 23),
// on simulated runs with the truth known, beside references computed on the same runs. Run by
// `npm run bench` (and alone by `npm run bench -- --only labels`); prints the figures as JSON on the
// last stdout line. Pure estimators (lib/domain/judge-corrected.ts, confidence-estimate.ts) on
// simulated outputs — no server, no database: a second or two.
//
// - coverage: true accuracy 80 %; an LLM judge on every output, biased by +8 or −8 points (alternate
//   runs) and agreeing with people on 80–90 % of outputs (uniform); people label a random 2–5 %
//   (uniform) of 3 000 outputs. How often the 95 % interval covers 80 %: judge-corrected (target
//   0.93–0.97), today's mixture (people where they labelled, else the judge, Wilson interval), and the
//   reference that ignores the judge (Wilson on the random sample alone: valid, but wide).
// - bias: the mean error of each figure over the runs with the judge biased by +8 and by −8 (the worse).
// - estimate error: confidence-based estimate under covariate shift (harder inputs, lower confidence,
//   the same calibration), mean |estimate − realised accuracy| over 200 runs, beside the naive
//   reference that carries the labelled history's accuracy over.
import { Random } from "../lib/demo/random";
import { NO_CELLS } from "../lib/domain/agreement";
import { binEdges, binOf, calibrationMap, estimateAccuracy, type ConfidenceBin } from "../lib/domain/confidence-estimate";
import { judgeCorrectedAccuracy, type JudgeSums } from "../lib/domain/judge-corrected";
import { wilsonInterval } from "../lib/domain/stats";

const TRUTH = 0.8;
const OUTPUTS = 3000;
const JUDGE_BIAS = 0.08;

/** P(judge says correct | truly correct), P(… | truly wrong) for a judge saying `judgeSays` and agreeing `agreement`. */
function judgeModel(p: number, judgeSays: number, agreement: number) {
  const b = (judgeSays - agreement + (1 - p)) / (2 * (1 - p));
  const a = (judgeSays - (1 - p) * b) / p;
  return { a, b };
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

export function coverageRuns(runs: number, seed = 2311) {
  const rng = new Random(seed);
  const hit = { corrected: 0, mixture: 0, humanOnly: 0 };
  const bias = { corrected: [0, 0], mixture: [0, 0] }; // per sign of the judge's bias
  const perSign = [0, 0];
  let widthCorrected = 0;
  let widthHuman = 0;
  let uncorrected = 0;
  for (let r = 0; r < runs; r++) {
    const sign = r % 2; // 0: judge lenient (+8), 1: harsh (−8)
    const agreement = 0.8 + 0.1 * rng.next();
    const sampleRate = 0.02 + 0.03 * rng.next();
    const { a, b } = judgeModel(TRUTH, TRUTH + (sign === 0 ? JUDGE_BIAS : -JUDGE_BIAS), agreement);
    const sums: JudgeSums = { judged: 0, judgedCorrect: 0, pairs: { ...NO_CELLS } };
    let mixed = 0;
    let sampled = 0;
    let sampledCorrect = 0;
    for (let i = 0; i < OUTPUTS; i++) {
      const truth = rng.chance(TRUTH);
      const judge = rng.chance(truth ? a : b);
      const inSample = rng.chance(sampleRate);
      sums.judged++;
      if (judge) sums.judgedCorrect++;
      if (inSample) {
        sums.pairs[truth ? (judge ? "agreeCorrect" : "judgeSaysWrong") : judge ? "judgeSaysCorrect" : "agreeWrong"]++;
        sampled++;
        if (truth) sampledCorrect++;
      }
      if (inSample ? truth : judge) mixed++;
    }
    const e = judgeCorrectedAccuracy(sums);
    if (e.method !== "judge_corrected") {
      uncorrected++;
      continue;
    }
    const m = wilsonInterval(mixed, OUTPUTS);
    const h = wilsonInterval(sampledCorrect, sampled);
    if (e.lower! <= TRUTH && TRUTH <= e.upper!) hit.corrected++;
    if (m[0] <= TRUTH && TRUTH <= m[1]) hit.mixture++;
    if (h[0] <= TRUTH && TRUTH <= h[1]) hit.humanOnly++;
    bias.corrected[sign] += e.value! - TRUTH;
    bias.mixture[sign] += mixed / OUTPUTS - TRUTH;
    perSign[sign]++;
    widthCorrected += e.upper! - e.lower!;
    widthHuman += h[1] - h[0];
  }
  const n = runs - uncorrected;
  const worst = (xs: number[]) => Math.max(...xs.map((x, s) => Math.abs(x / perSign[s]))) * 100;
  return {
    runs,
    uncorrectedRuns: uncorrected,
    coverageJudgeCorrected: round(hit.corrected / n),
    coverageMixture: round(hit.mixture / n),
    coverageHumanOnly: round(hit.humanOnly / n),
    biasPointsJudgeCorrected: round(worst(bias.corrected), 2),
    biasPointsMixture: round(worst(bias.mixture), 2),
    /** the judge-corrected interval's width over the people-only interval's: what the judge buys */
    widthRatioToHumanOnly: round(widthCorrected / widthHuman, 2),
  };
}

const clamp = (x: number) => Math.min(0.999, Math.max(0.3, x));
/** P(correct | confidence): a little overconfident, the same before and after the shift */
const truthAt = (c: number) => Math.max(0, c - 0.03);

function period(rng: Random, bins: ConfidenceBin[], o: { outputs: number; mean: number; sd: number; labelRate: number }) {
  let correct = 0;
  let labelled = 0;
  let labelledCorrect = 0;
  for (let i = 0; i < o.outputs; i++) {
    const c = clamp(rng.normal(o.mean, o.sd));
    const ok = rng.chance(truthAt(c));
    if (ok) correct++;
    const bin = bins[binOf(c)];
    bin.outputs++;
    if (rng.chance(o.labelRate)) {
      bin.labelled++;
      labelled++;
      if (ok) {
        bin.correct++;
        labelledCorrect++;
      }
    }
  }
  return { accuracy: correct / o.outputs, labelled: labelled ? labelledCorrect / labelled : null };
}

export function estimateRuns(runs: number, seed = 23) {
  const rng = new Random(seed);
  let error = 0;
  let naive = 0;
  let covered = 0;
  const empty = () => binEdges().map((e) => ({ ...e, outputs: 0, labelled: 0, correct: 0 }));
  for (let r = 0; r < runs; r++) {
    const history = empty();
    const before = period(rng, history, { outputs: 8000, mean: 0.85, sd: 0.1, labelRate: 0.05 });
    const week = empty();
    const truth = period(rng, week, { outputs: 5000, mean: 0.72, sd: 0.1, labelRate: 0 }).accuracy;
    const e = estimateAccuracy(week, { map: calibrationMap(history) });
    error += Math.abs(e.value! - truth);
    naive += Math.abs(before.labelled! - truth);
    if (e.lower! <= truth && truth <= e.upper!) covered++;
  }
  return {
    estimateRuns: runs,
    estimateErrorPoints: round((error / runs) * 100, 2),
    estimateErrorPointsNaive: round((naive / runs) * 100, 2),
    estimateCoverage: round(covered / runs),
  };
}

export function labelsSection(runs = 1000, estimate = 200) {
  const started = performance.now();
  const out = { ...coverageRuns(runs), ...estimateRuns(estimate) };
  return { ...out, ms: Math.round(performance.now() - started) };
}

if (process.argv[1]?.endsWith("labels.ts")) {
  const runs = Number(process.argv[2] ?? 1000);
  console.log(JSON.stringify(labelsSection(runs)));
}
