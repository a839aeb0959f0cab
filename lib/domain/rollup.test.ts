import { describe, expect, it } from "vitest";
import { effectiveVerdict, JUDGE_SUM_COLUMNS, RollupDeltas } from "./rollup";

const key = { featureId: "f", phase: "beta", segment: "default", minute: 100 };

describe("rollup deltas", () => {
  it("sums outputs into one bucket with histogram bins", () => {
    const d = new RollupDeltas();
    d.addOutput(key, 0.96, "plain", "sql");
    d.addOutput(key, 0.5, "fallback", "sql");
    const [b] = d.nonEmpty();
    expect(b.delta).toMatchObject({ outputs: 2, shown: 1, fallbacks: 1, h19: 1, h10: 1 });
    expect(b.delta.confidenceSum).toBeCloseTo(1.46);
    expect(d.nonEmptySlices()[0]).toMatchObject({ key: { inputType: "sql", hour: 60 }, delta: { outputs: 2 } });
  });

  it("a replaced verdict nets out to the new one", () => {
    const d = new RollupDeltas();
    d.addVerdict(key, 0.9, true, 1);
    d.addVerdict(key, 0.9, true, -1);
    d.addVerdict(key, 0.9, false, 1);
    const [b] = d.nonEmpty();
    expect(b.delta).toMatchObject({ labelled: 1, correct: 0, l18: 1, c18: 0 });
  });

  it("drops buckets whose changes cancel", () => {
    const d = new RollupDeltas();
    d.addFeedback(key, "up", 1);
    d.addFeedback(key, "up", -1);
    expect(d.nonEmpty()).toEqual([]);
  });

  it("a judged sample in bulk counts what one label change per output counts", () => {
    const cells = [
      { person: null, judge: true, count: 5 },
      { person: null, judge: false, count: 2 },
      { person: true, judge: true, count: 3 },
      { person: true, judge: false, count: 1 },
      { person: false, judge: true, count: 2 },
      { person: false, judge: false, count: 1 },
    ];
    const bulk = new RollupDeltas();
    bulk.addJudgedSample(key, cells);
    const one = new RollupDeltas();
    for (const c of cells)
      for (let i = 0; i < c.count; i++) {
        const after = c.person === null ? { heuristic: c.judge } : { heuristic: c.judge, human: c.person };
        one.addLabelChange(key, 0.9, null, {}, after, { after: { sampled: true } });
      }
    const columns = ["labelled", "correct", ...JUDGE_SUM_COLUMNS];
    const pick = (d: RollupDeltas) => Object.fromEntries(columns.map((c) => [c, d.nonEmpty()[0].delta[c] ?? 0]));
    expect(pick(bulk)).toEqual(pick(one));
    expect(pick(bulk)).toMatchObject({
      labelled: 14,
      correct: 9,
      judged: 14,
      judgedCorrect: 10,
      judgeLabelled: 7,
      judgeLabelledCorrect: 5,
      randomJudgeSaysCorrect: 2,
    });
  });

  it("ground truth outranks a human, who outranks a heuristic", () => {
    expect(effectiveVerdict({})).toBeUndefined();
    expect(effectiveVerdict({ heuristic: true })).toBe(true);
    expect(effectiveVerdict({ heuristic: true, human: false })).toBe(false);
    expect(effectiveVerdict({ heuristic: true, human: false, ground_truth: true })).toBe(true);
  });
});

describe("low-confidence presentation", () => {
  it("counts flagged answers as shown and asked ones as fallbacks, each also on its own", () => {
    const d = new RollupDeltas();
    d.addOutput(key, 0.95, "plain");
    d.addOutput(key, 0.6, "flagged");
    d.addOutput(key, 0.6, "flagged");
    d.addOutput(key, 0.5, "asked");
    d.addOutput(key, 0.4, "fallback");
    expect(d.nonEmpty()[0]!.delta).toMatchObject({ outputs: 5, shown: 3, flagged: 2, fallbacks: 2, asked: 1 });
  });
});

describe("hourly rollups", () => {
  it("sum the minute deltas of each hour", () => {
    const d = new RollupDeltas();
    d.addOutput({ ...key, minute: 61 }, 0.9, "plain");
    d.addOutput({ ...key, minute: 119 }, 0.5, "fallback");
    d.addOutput({ ...key, minute: 120 }, 0.9, "plain");
    const hours = d.hourly().map((h) => [h.key.minute, h.delta.outputs, h.delta.fallbacks ?? 0]);
    expect(hours).toEqual([
      [60, 2, 1],
      [120, 1, 0],
    ]);
  });
});
