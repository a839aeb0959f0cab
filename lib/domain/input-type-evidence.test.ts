import { describe, expect, it } from "vitest";
import { inputTypeEvidence } from "./input-type-evidence";
import { rate } from "./stats";

const slice = (t: string, correct: number, n: number) => ({ slice: t, outputs: n * 2, accuracy: rate(correct, n) });

describe("accuracy by input type against the phase's floor", () => {
  const phase = { inputTypes: ["python", "typescript"], accuracyMin: 0.85, minLabels: 100 };
  const next = { inputTypes: ["python", "typescript", "bash"] };

  it("holds when the Wilson lower bound clears the floor, is below when the upper bound misses it", () => {
    const e = inputTypeEvidence([slice("python", 950, 1000), slice("sql", 600, 1000)], phase, next);
    expect(e.find((x) => x.inputType === "python")).toMatchObject({ served: true, servedNext: true, verdict: "holds" });
    expect(e.find((x) => x.inputType === "sql")).toMatchObject({ served: false, servedNext: false, verdict: "below" });
  });

  it("is undecided with a wide interval or fewer labels than the phase asks for, and lists named types without data", () => {
    const e = inputTypeEvidence([slice("typescript", 46, 50)], phase, next);
    expect(e.map((x) => [x.inputType, x.verdict, x.accuracy.n])).toEqual([
      ["python", "insufficient", 0],
      ["typescript", "insufficient", 50],
      ["bash", "insufficient", 0],
    ]);
    expect(e.find((x) => x.inputType === "bash")).toMatchObject({ served: false, servedNext: true });
  });

  it("an empty list serves every type; the last phase has no next", () => {
    const e = inputTypeEvidence([slice("rust", 99, 100)], { ...phase, inputTypes: [] }, null);
    expect(e).toEqual([expect.objectContaining({ inputType: "rust", served: true, servedNext: null })]);
  });
});
