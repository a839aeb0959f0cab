import { describe, expect, it } from "vitest";
import { RollupDeltas, type Verdicts } from "./rollup";

// A label added, replaced or withdrawn moves three rollups: accuracy (by the effective verdict),
// accuracy by source (the effective verdict's source) and judge agreement (human × heuristic).

const key = { featureId: "f", phase: "beta", segment: "s", minute: 125 }; // hour 120
const change = (before: Verdicts, after: Verdicts) => {
  const d = new RollupDeltas();
  d.addLabelChange(key, 0.9, "sql", before, after);
  return {
    main: d.nonEmpty().map((b) => ({
      labelled: b.delta.labelled ?? 0,
      correct: b.delta.correct ?? 0,
      ...(b.delta.judgeLabelled ? { judgeLabelled: b.delta.judgeLabelled } : {}),
      ...(b.delta.judgeLabelledCorrect ? { judgeLabelledCorrect: b.delta.judgeLabelledCorrect } : {}),
    })),
    sources: d.nonEmptySources().map((s) => [s.key.source, s.key.hour, s.delta.labelled ?? 0, s.delta.correct ?? 0]),
    judge: d.nonEmptyJudge().map((j) => ({ hour: j.key.hour, ...j.delta })),
  };
};

describe("addLabelChange", () => {
  it("counts a first heuristic label toward accuracy, under the heuristic source, with no pair yet", () => {
    expect(change({}, { heuristic: false })).toEqual({
      main: [{ labelled: 1, correct: 0, judgeLabelled: 1 }], // the judge's verdict is the effective one
      sources: [["heuristic", 120, 1, 0]],
      judge: [],
    });
  });

  it("moves the output to the human source when a human agrees, and counts an agreeing pair", () => {
    expect(change({ heuristic: true }, { heuristic: true, human: true })).toEqual({
      // the verdict did not change, but it is no longer the judge's alone (issue 23: the judge's sums)
      main: [{ labelled: 0, correct: 0, judgeLabelled: -1, judgeLabelledCorrect: -1 }],
      sources: [
        ["heuristic", 120, -1, -1],
        ["human", 120, 1, 1],
      ],
      judge: [{ hour: 120, agreeCorrect: 1 }],
    });
  });

  it("records a disagreement in its cell, and replaces it when the human changes their mind", () => {
    expect(change({ heuristic: false }, { heuristic: false, human: true }).judge).toEqual([{ hour: 120, judgeSaysWrong: 1 }]);
    expect(change({ heuristic: false, human: true }, { heuristic: false, human: false })).toEqual({
      main: [{ labelled: 0, correct: -1 }],
      sources: [["human", 120, 0, -1]],
      judge: [{ hour: 120, judgeSaysWrong: -1, agreeWrong: 1 }],
    });
    expect(change({ heuristic: true }, { heuristic: true, human: false }).judge).toEqual([{ hour: 120, judgeSaysCorrect: 1 }]);
  });

  it("reverses exactly when a human label is withdrawn (undo)", () => {
    const forward = new RollupDeltas();
    forward.addLabelChange(key, 0.9, "sql", { heuristic: false }, { heuristic: false, human: true });
    forward.addLabelChange(key, 0.9, "sql", { heuristic: false, human: true }, { heuristic: false });
    expect(forward.nonEmpty()).toEqual([]);
    expect(forward.nonEmptySources()).toEqual([]);
    expect(forward.nonEmptyJudge()).toEqual([]);
    expect(forward.nonEmptySlices()).toEqual([]);
  });

  it("keeps ground truth in charge and out of the judge table", () => {
    expect(change({ ground_truth: true, heuristic: false }, { ground_truth: true, heuristic: false, human: false })).toEqual({
      main: [],
      sources: [],
      judge: [{ hour: 120, agreeWrong: 1 }],
    });
  });
});
