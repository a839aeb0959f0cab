import { binSuffix, CONFIDENCE_BINS, confidenceBin } from "./buckets";
import { USAGE_COLUMNS, usageDelta, type OutputUsage } from "./latency";
import { isShown, type Presentation } from "./presentation";

// Rollup deltas: what one batch adds to each (feature, phase, segment, minute) bucket. The write
// path sums deltas in memory and applies each touched bucket once; negative deltas undo a
// replaced label or feedback so that nothing is ever counted twice.

export interface BucketKey {
  featureId: string;
  phase: string;
  segment: string;
  minute: number;
}

export const COUNTER_COLUMNS = [
  "outputs",
  "shown",
  "fallbacks",
  "flagged",
  "asked",
  "labelled",
  "correct",
  "thumbsUp",
  "thumbsDown",
  "tickets",
  "criticalTickets",
  "confidenceSum",
  "labelledConfidenceSum",
  // outputs sent without a confidence (and those of them labelled): the means leave them out
  "noConfidence",
  "labelledNoConfidence",
] as const;
export type CounterColumn = (typeof COUNTER_COLUMNS)[number];

/**
 * The judge's sums (issue 23), per bucket like the counters: outputs with a judge (heuristic)
 * verdict and how many it said correct, outputs whose effective verdict is the judge's and how many
 * of those it said correct (what the accuracy signal leaves out to read people only), and the
 * random-sample person verdicts paired with the judge's by agreement cell (JudgeCells): what
 * judge-corrected accuracy (lib/domain/judge-corrected.ts) is computed from, for any slice and range.
 */
export const JUDGE_SUM_COLUMNS = [
  "judged",
  "judgedCorrect",
  "judgeLabelled",
  "judgeLabelledCorrect",
  "randomAgreeCorrect",
  "randomAgreeWrong",
  "randomJudgeSaysWrong",
  "randomJudgeSaysCorrect",
] as const;

/** Per-bin columns: h = outputs, l = labelled, c = correct, s = confidence sum of labelled. */
export const BIN_COLUMNS: string[] = Array.from({ length: CONFIDENCE_BINS }, (_, i) =>
  ["h", "l", "c", "s"].map((p) => p + binSuffix(i)),
).flat();

/** Latency and token sums (lib/domain/latency.ts) ride along in the minute, hour and model rollups. */
export const DELTA_COLUMNS: string[] = [...COUNTER_COLUMNS, ...JUDGE_SUM_COLUMNS, ...BIN_COLUMNS, ...USAGE_COLUMNS];

export type Delta = Record<string, number>;

/**
 * People's verdicts of a rollup sum (ground truth and human): the labelled outputs and correct ones
 * less those whose effective verdict is the judge's alone (judgeLabelled, judgeLabelledCorrect).
 * What the accuracy rules read (issue 23): the judge has its own signal, so its verdicts are not
 * counted twice and a judge reading low never opens — nor pauses on — an accuracy alert by itself.
 */
export function peopleVerdicts(r: { labelled: number; correct: number; judgeLabelled?: number; judgeLabelledCorrect?: number }) {
  const labelled = Math.max(0, r.labelled - (r.judgeLabelled ?? 0));
  return { labelled, correct: Math.min(labelled, Math.max(0, r.correct - (r.judgeLabelledCorrect ?? 0))) };
}
/** The rollup columns peopleVerdicts reads. */
export const PEOPLE_VERDICT_COLUMNS = ["labelled", "correct", "judgeLabelled", "judgeLabelledCorrect"] as const;

export function bucketId(k: BucketKey): string {
  return `${k.featureId}\u0000${k.minute}\u0000${k.phase}\u0000${k.segment}`;
}

export const SLICE_COLUMNS = ["outputs", "labelled", "correct", "thumbsUp", "thumbsDown"] as const;

/** The slice of a bucket: same coordinates plus the input type, at hour resolution. */
export interface SliceKey extends Omit<BucketKey, "minute"> {
  inputType: string;
  hour: number;
}

export function sliceKeyOf(key: BucketKey, inputType: string | null | undefined): SliceKey {
  return {
    featureId: key.featureId,
    phase: key.phase,
    segment: key.segment,
    inputType: inputType ?? "unknown",
    hour: key.minute - (((key.minute % 60) + 60) % 60),
  };
}

/** Label-source rollup: labelled/correct per hour by the source of each output's effective verdict. */
export interface SourceKey extends Omit<BucketKey, "minute"> {
  hour: number;
  source: LabelSource;
}
export const SOURCE_COLUMNS = ["labelled", "correct"] as const;

/** Judge-agreement rollup: per hour, the outputs labelled by both a human and a heuristic judge. */
export interface JudgeKey extends Omit<BucketKey, "minute"> {
  hour: number;
}
export const JUDGE_CELL_COLUMNS = ["agreeCorrect", "agreeWrong", "judgeSaysWrong", "judgeSaysCorrect"] as const;
/** Random-sample person verdicts by confidence bin (rl = labelled, rc = correct): the calibration map's sums. */
export const RANDOM_BIN_COLUMNS: string[] = Array.from({ length: CONFIDENCE_BINS }, (_, i) =>
  ["rl", "rc"].map((p) => p + binSuffix(i)),
).flat();
export const JUDGE_COLUMNS: string[] = [...JUDGE_CELL_COLUMNS, ...RANDOM_BIN_COLUMNS];

/**
 * Which person verdicts of an output come from the random review sample: all of them when the
 * phase's review rate sampled the output at ingest, else those sent as `"sample": "random"`.
 */
export interface RandomFlags {
  sampled: boolean;
  human?: boolean;
  ground_truth?: boolean;
}

/**
 * The person verdict an output contributes to the random sample: the highest-priority person
 * label (ground truth, then human) that is random, or undefined.
 */
export function randomVerdict(v: Verdicts, r: RandomFlags | undefined): boolean | undefined {
  if (!r) return undefined;
  if (v.ground_truth !== undefined && (r.sampled || r.ground_truth)) return v.ground_truth;
  if (v.human !== undefined && (r.sampled || r.human)) return v.human;
  return undefined;
}

export type Verdicts = Partial<Record<LabelSource, boolean>>;

const hourOf = (minute: number) => minute - (((minute % 60) + 60) % 60);

export class RollupDeltas {
  readonly buckets = new Map<string, { key: BucketKey; delta: Delta }>();
  readonly slices = new Map<string, { key: SliceKey; delta: Delta }>();
  readonly sources = new Map<string, { key: SourceKey; delta: Delta }>();
  readonly judge = new Map<string, { key: JudgeKey; delta: Delta }>();

  private keyed<K>(map: Map<string, { key: K; delta: Delta }>, id: string, key: K): Delta {
    let entry = map.get(id);
    if (!entry) {
      entry = { key, delta: {} };
      map.set(id, entry);
    }
    return entry.delta;
  }

  /** One output's effective verdict counted (+1) or withdrawn (-1) under its source. */
  addSourceVerdict(key: BucketKey, source: LabelSource, correct: boolean, sign: 1 | -1 = 1) {
    const k: SourceKey = { featureId: key.featureId, phase: key.phase, segment: key.segment, hour: hourOf(key.minute), source };
    const d = this.keyed(this.sources, `${k.featureId}\u0000${k.hour}\u0000${k.phase}\u0000${k.segment}\u0000${source}`, k);
    this.bump(d, "labelled", sign);
    if (correct) this.bump(d, "correct", sign);
  }

  /** One output labelled by both a human and the judge, counted (+1) or withdrawn (-1) in its cell. */
  addJudgePair(key: BucketKey, human: boolean, judge: boolean, sign: 1 | -1 = 1) {
    const k: JudgeKey = { featureId: key.featureId, phase: key.phase, segment: key.segment, hour: hourOf(key.minute) };
    const d = this.keyed(this.judge, `${k.featureId}\u0000${k.hour}\u0000${k.phase}\u0000${k.segment}`, k);
    this.bump(d, human === judge ? (human ? "agreeCorrect" : "agreeWrong") : human ? "judgeSaysWrong" : "judgeSaysCorrect", sign);
  }

  /**
   * The rollup change of an output's labels going from `before` to `after` (one label added,
   * replaced or withdrawn): accuracy and calibration follow the effective verdict, the source
   * rollup the effective verdict's source, the judge rollup the human × heuristic pair; the judge's
   * sums follow the heuristic verdict and its pair with the random person verdict (`random`: which
   * person verdicts are random-sample ones, before and after), the random calibration bins that
   * random person verdict.
   */
  addLabelChange(
    key: BucketKey,
    confidence: number | null,
    inputType: string | null | undefined,
    before: Verdicts,
    after: Verdicts,
    random: { before?: RandomFlags; after?: RandomFlags } = {},
  ) {
    const b = effectiveLabel(before);
    const a = effectiveLabel(after);
    if (b?.correct !== a?.correct) {
      if (b) this.addVerdict(key, confidence, b.correct, -1, inputType);
      if (a) this.addVerdict(key, confidence, a.correct, 1, inputType);
    }
    if (b?.correct !== a?.correct || b?.source !== a?.source) {
      if (b) this.addSourceVerdict(key, b.source, b.correct, -1);
      if (a) this.addSourceVerdict(key, a.source, a.correct, 1);
    }
    const pb = before.human !== undefined && before.heuristic !== undefined ? [before.human, before.heuristic] : null;
    const pa = after.human !== undefined && after.heuristic !== undefined ? [after.human, after.heuristic] : null;
    if (pb?.[0] !== pa?.[0] || pb?.[1] !== pa?.[1]) {
      if (pb) this.addJudgePair(key, pb[0], pb[1], -1);
      if (pa) this.addJudgePair(key, pa[0], pa[1], 1);
    }
    const rb = randomVerdict(before, random.before);
    const ra = randomVerdict(after, random.after);
    const sb = judgeState(before, rb);
    const sa = judgeState(after, ra);
    if (!sameJudgeState(sb, sa)) {
      this.addJudgeSums(key, sb, -1);
      this.addJudgeSums(key, sa, 1);
    }
    if (rb !== ra) {
      if (rb !== undefined) this.addRandomLabel(key, confidence, rb, -1);
      if (ra !== undefined) this.addRandomLabel(key, confidence, ra, 1);
    }
  }

  /** One output's part in the judge's sums (JUDGE_SUM_COLUMNS), counted (+1) or withdrawn (-1). */
  addJudgeSums(key: BucketKey, s: JudgeState, sign: 1 | -1) {
    if (s.judge === undefined) return;
    const d = this.at(key);
    this.bump(d, "judged", sign);
    if (s.judge) this.bump(d, "judgedCorrect", sign);
    if (s.judgeAlone) {
      this.bump(d, "judgeLabelled", sign);
      if (s.judge) this.bump(d, "judgeLabelledCorrect", sign);
    }
    if (s.random !== undefined) {
      const cell = s.random === s.judge ? (s.random ? "AgreeCorrect" : "AgreeWrong") : s.random ? "JudgeSaysWrong" : "JudgeSaysCorrect";
      this.bump(d, "random" + cell, sign);
    }
  }

  /** A random-sample person verdict in its confidence bin of the hourly judge rollup (none without a confidence). */
  addRandomLabel(key: BucketKey, confidence: number | null, correct: boolean, sign: 1 | -1) {
    if (confidence === null) return;
    const k: JudgeKey = { featureId: key.featureId, phase: key.phase, segment: key.segment, hour: hourOf(key.minute) };
    const d = this.keyed(this.judge, `${k.featureId}\u0000${k.hour}\u0000${k.phase}\u0000${k.segment}`, k);
    const bin = binSuffix(confidenceBin(confidence));
    this.bump(d, "rl" + bin, sign);
    if (correct) this.bump(d, "rc" + bin, sign);
  }

  private slice(key: BucketKey, inputType: string | null | undefined): Delta {
    const k = sliceKeyOf(key, inputType);
    const id = `${k.featureId}\u0000${k.hour}\u0000${k.phase}\u0000${k.segment}\u0000${k.inputType}`;
    let entry = this.slices.get(id);
    if (!entry) {
      entry = { key: k, delta: {} };
      this.slices.set(id, entry);
    }
    return entry.delta;
  }

  protected at(key: BucketKey): Delta {
    const id = bucketId(key);
    let entry = this.buckets.get(id);
    if (!entry) {
      entry = { key, delta: {} };
      this.buckets.set(id, entry);
    }
    return entry.delta;
  }

  protected bump(d: Delta, column: string, by: number) {
    d[column] = (d[column] ?? 0) + by;
  }

  /**
   * `shown` counts plain and flagged answers, `fallbacks` asked and fallen back; `flagged` and `asked`
   * single those out. An output without a confidence (null) counts everywhere but in the confidence
   * sums and bins: `noConfidence` counts it instead. Its duration and tokens, when reported, go to
   * the latency and token sums.
   */
  addOutput(key: BucketKey, confidence: number | null, presentation: Presentation, inputType?: string | null, usage: OutputUsage = {}) {
    this.bump(this.slice(key, inputType), "outputs", 1);
    const d = this.at(key);
    this.bump(d, "outputs", 1);
    for (const [column, by] of Object.entries(usageDelta(usage))) this.bump(d, column, by);
    this.bump(d, isShown(presentation) ? "shown" : "fallbacks", 1);
    if (presentation === "flagged" || presentation === "asked") this.bump(d, presentation, 1);
    if (confidence === null) {
      this.bump(d, "noConfidence", 1);
      return;
    }
    this.bump(d, "confidenceSum", confidence);
    this.bump(d, "h" + binSuffix(confidenceBin(confidence)), 1);
  }

  /** A labelled verdict on an output; sign -1 removes a verdict that was replaced. */
  addVerdict(key: BucketKey, confidence: number | null, correct: boolean, sign: 1 | -1 = 1, inputType?: string | null) {
    const s = this.slice(key, inputType);
    this.bump(s, "labelled", sign);
    if (correct) this.bump(s, "correct", sign);
    const d = this.at(key);
    this.bump(d, "labelled", sign);
    if (correct) this.bump(d, "correct", sign);
    if (confidence === null) {
      this.bump(d, "labelledNoConfidence", sign);
      return;
    }
    const bin = binSuffix(confidenceBin(confidence));
    this.bump(d, "labelledConfidenceSum", sign * confidence);
    this.bump(d, "l" + bin, sign);
    this.bump(d, "s" + bin, sign * confidence);
    if (correct) this.bump(d, "c" + bin, sign);
  }

  /** A pre-counted accuracy sample: counts toward accuracy, not toward calibration bins. */
  addAccuracySample(key: BucketKey, correct: number, total: number) {
    const d = this.at(key);
    this.bump(d, "labelled", total);
    this.bump(d, "correct", correct);
  }

  /**
   * Many outputs of one minute bucket graded by the judge, some also labelled by a person on the
   * random sample (`person`: that verdict, null without one), counted as addLabelChange counts them
   * in the bucket's accuracy and judge sums (the effective verdict is the person's, else the judge's);
   * without their confidence bins. What the detection benchmark writes per simulated minute.
   */
  addJudgedSample(key: BucketKey, cells: readonly { person: boolean | null; judge: boolean; count: number }[]) {
    const d = this.at(key);
    for (const { person, judge, count } of cells) {
      if (count === 0) continue;
      this.bump(d, "labelled", count);
      if (person ?? judge) this.bump(d, "correct", count);
      this.bump(d, "judged", count);
      if (judge) this.bump(d, "judgedCorrect", count);
      if (person === null) {
        this.bump(d, "judgeLabelled", count);
        if (judge) this.bump(d, "judgeLabelledCorrect", count);
      } else
        this.bump(
          d,
          "random" + (person === judge ? (person ? "AgreeCorrect" : "AgreeWrong") : person ? "JudgeSaysWrong" : "JudgeSaysCorrect"),
          count,
        );
    }
  }

  addFeedback(key: BucketKey, value: "up" | "down", sign: 1 | -1 = 1, inputType?: string | null) {
    const column = value === "up" ? "thumbsUp" : "thumbsDown";
    this.bump(this.slice(key, inputType), column, sign);
    this.bump(this.at(key), column, sign);
  }

  addTicket(key: BucketKey, critical: boolean) {
    const d = this.at(key);
    this.bump(d, "tickets", 1);
    if (critical) this.bump(d, "criticalTickets", 1);
  }

  /** Buckets whose delta is not all zero (a replaced-then-restored label nets out). */
  nonEmpty(): { key: BucketKey; delta: Delta }[] {
    return [...this.buckets.values()].filter(({ delta }) => !isZero(delta));
  }

  /** The minute deltas summed per hour (key.minute = the hour's first minute), for HourBucket. */
  hourly(): { key: BucketKey; delta: Delta }[] {
    const hours = new Map<string, { key: BucketKey; delta: Delta }>();
    for (const { key, delta } of this.nonEmpty()) {
      const hourKey = { ...key, minute: key.minute - (((key.minute % 60) + 60) % 60) };
      const id = bucketId(hourKey);
      let entry = hours.get(id);
      if (!entry) {
        entry = { key: hourKey, delta: {} };
        hours.set(id, entry);
      }
      for (const [column, value] of Object.entries(delta)) this.bump(entry.delta, column, value);
    }
    return [...hours.values()];
  }

  nonEmptySlices(): { key: SliceKey; delta: Delta }[] {
    return [...this.slices.values()].filter(({ delta }) => !isZero(delta));
  }

  nonEmptySources(): { key: SourceKey; delta: Delta }[] {
    return [...this.sources.values()].filter(({ delta }) => !isZero(delta));
  }

  nonEmptyJudge(): { key: JudgeKey; delta: Delta }[] {
    return [...this.judge.values()].filter(({ delta }) => !isZero(delta));
  }
}

/** What the judge's sums count of one output: its judge verdict, whether that is its effective one, its random person verdict. */
export interface JudgeState {
  judge: boolean | undefined;
  judgeAlone: boolean;
  random: boolean | undefined;
}

function judgeState(v: Verdicts, random: boolean | undefined): JudgeState {
  return { judge: v.heuristic, judgeAlone: v.heuristic !== undefined && v.human === undefined && v.ground_truth === undefined, random };
}

const sameJudgeState = (a: JudgeState, b: JudgeState) => a.judge === b.judge && a.judgeAlone === b.judgeAlone && a.random === b.random;

const isZero = (d: Delta) => Object.values(d).every((v) => Math.abs(v) < 1e-12);

export const LABEL_SOURCE_PRIORITY = ["ground_truth", "human", "heuristic"] as const;
export type LabelSource = (typeof LABEL_SOURCE_PRIORITY)[number];

/**
 * The verdict that counts for an output when several sources labelled it: ground truth beats a
 * human reviewer, who beats a heuristic. An output counts once toward accuracy, whatever the
 * number of labels.
 */
export function effectiveVerdict(labels: Partial<Record<LabelSource, boolean>>): boolean | undefined {
  return effectiveLabel(labels)?.correct;
}

/** The effective verdict and the source it comes from. */
export function effectiveLabel(labels: Partial<Record<LabelSource, boolean>>): { source: LabelSource; correct: boolean } | undefined {
  for (const source of LABEL_SOURCE_PRIORITY) {
    const v = labels[source];
    if (v !== undefined) return { source, correct: v };
  }
  return undefined;
}
