import { describe, expect, it } from "vitest";
import { estimateAtRows, figureText, methodText, sourcesText } from "./accuracy-method";

const est = (value: number | null, n: number) => ({ value, lower: null, upper: null, n, labels: 60 });

describe("the accuracy figure in words", () => {
  it("names the method and the window its correction came from", () => {
    const base = { value: 0.8, n: 1000, lower: 0.75, upper: 0.85, pairs: 154, judgeBias: 0.091 };
    expect(methodText({ ...base, method: "labels" })).toBe("");
    expect(methodText({ ...base, method: "judge_corrected" })).toMatch(
      /^Judge-corrected: .*154 random-sample pairs \(the judge reads \+9\.1 points/,
    );
    expect(
      methodText({
        ...base,
        method: "judge_corrected",
        correctionWindow: { from: "2026-11-01T00:00:00.000Z", to: "2026-11-08T00:00:00.000Z", pairs: 40 },
      }),
    ).toMatch(/40 random-sample pairs of the trailing window from 2026-11-01/);
    expect(methodText({ ...base, method: "judge_uncorrected", pairs: 3 })).toMatch(/^Judge uncorrected: .*3 random pairs, 20 needed/);
    expect(figureText({ ...base, method: "judge_uncorrected", lower: 0, upper: 1 })).toMatch(/no interval/);
  });

  it("lists the sources only where they differ", () => {
    const f = (value: number, n: number) => ({ value, lower: value - 0.05, upper: value + 0.05, n });
    expect(sourcesText({ groundTruth: null, human: f(0.77, 154), judge: f(0.89, 3000) })).toMatch(/^People 77.*Judge 89/);
    expect(sourcesText({ groundTruth: null, human: f(0.8, 154), judge: f(0.802, 3000) })).toBeNull();
    expect(sourcesText({ groundTruth: null, human: null, judge: f(0.89, 3000) })).toBeNull();
  });

  it("pools the estimate by outputs over the points a row covers", () => {
    const points = [
      { start: 0, estimatedAccuracy: est(0.9, 100) },
      { start: 60, estimatedAccuracy: est(0.6, 300) },
      { start: 120, estimatedAccuracy: est(null, 5) },
    ];
    expect(estimateAtRows([0, 120], points, 120)).toEqual([0.675, null]);
    expect(estimateAtRows([0, 60], points, 60)).toEqual([0.9, 0.6]);
  });
});
