import { describe, expect, it } from "vitest";
import { MIN_CALIBRATION_LABELS } from "./confidence-estimate";
import { accuracyFigure, confidenceBins, estimatedAccuracy, judgeTotalsOf, learnedMap, sourceFigure } from "./honest-accuracy";
import { rate } from "./stats";

const cells = (agreeCorrect: number, agreeWrong: number, judgeSaysWrong: number, judgeSaysCorrect: number) => ({
  randomAgreeCorrect: agreeCorrect,
  randomAgreeWrong: agreeWrong,
  randomJudgeSaysWrong: judgeSaysWrong,
  randomJudgeSaysCorrect: judgeSaysCorrect,
});
const window = { from: "2026-11-01T00:00:00.000Z", to: "2026-11-08T00:00:00.000Z" };

describe("accuracyFigure", () => {
  it("is today's figure, said to come from labels, when no judge verdict counts in it", () => {
    const mixed = rate(8, 10);
    expect(accuracyFigure(mixed, judgeTotalsOf({}))).toEqual({ ...mixed, method: "labels" });
    // judged, but every judged output also has a person's verdict: the judge counts nowhere
    expect(accuracyFigure(mixed, judgeTotalsOf({ judged: 10, judgedCorrect: 10, judgeLabelled: 0 })).method).toBe("labels");
  });

  it("corrects the judge with the random pairs: a judge 10 points lenient comes back to people's level", () => {
    // 1000 judged, the judge says 90 % correct; on 100 random pairs people say 80 %, the judge 90 %
    const own = judgeTotalsOf({ judged: 1000, judgedCorrect: 900, judgeLabelled: 900, ...cells(78, 8, 2, 12) });
    const f = accuracyFigure(rate(880, 1000), own);
    expect(f.method).toBe("judge_corrected");
    expect(f.value).toBeCloseTo(0.8, 2);
    expect(f.lower).toBeLessThan(0.8);
    expect(f.upper).toBeGreaterThan(0.8);
    expect(f).toMatchObject({ n: 1000, pairs: 100, judgeBias: expect.closeTo(0.1, 9) });
    expect(f.correctionWindow).toBeUndefined();
  });

  it("takes the pairs of a stated window when the scope has too few, and corrects only the scope's judged outputs", () => {
    const own = judgeTotalsOf({ judged: 200, judgedCorrect: 180, judgeLabelled: 195, ...cells(3, 0, 0, 1) });
    const f = accuracyFigure(rate(176, 200), own, { pairs: judgeTotalsOf(cells(78, 8, 2, 12)).pairs, window });
    expect(f.method).toBe("judge_corrected");
    // the scope's judge accuracy (0.9) plus the window's people − judge (−0.1)
    expect(f.value).toBeCloseTo(0.8, 9);
    expect(f.correctionWindow).toEqual({ ...window, pairs: 100 });
    expect(f.n).toBe(200);
  });

  it("is judge_uncorrected, its interval widened to [0, 1], when no window has enough random pairs", () => {
    const mixed = rate(176, 200);
    const own = judgeTotalsOf({ judged: 200, judgedCorrect: 180, judgeLabelled: 195, ...cells(3, 0, 0, 1) });
    expect(accuracyFigure(mixed, own, { pairs: judgeTotalsOf(cells(5, 0, 0, 0)).pairs, window })).toEqual({
      value: mixed.value,
      n: 200,
      lower: 0,
      upper: 1,
      method: "judge_uncorrected",
      pairs: 5,
      judgeBias: null,
    });
    expect(accuracyFigure(mixed, own, null)).toMatchObject({ method: "judge_uncorrected", pairs: 4 });
  });
});

describe("sourceFigure", () => {
  it("is a Wilson interval, or null when the source labelled nothing", () => {
    expect(sourceFigure(8, 10)).toEqual({ value: 0.8, n: 10, lower: expect.closeTo(0.4902, 4), upper: expect.closeTo(0.9433, 4) });
    expect(sourceFigure(0, 0)).toBeNull();
  });
});

describe("estimatedAccuracy", () => {
  it("applies the map of the random labels to every output's confidence", () => {
    // random labels: 100 at 0.95 (90 right), 100 at 0.55 (50 right); outputs: 300 confident, 100 not
    const random = { rl19: 100, rc19: 90, rl11: 100, rc11: 50 };
    const learned = learnedMap(random);
    expect(learned.labels).toBe(200);
    const e = estimatedAccuracy({ h19: 300, h11: 100 }, learned.map, learned.labels);
    expect(e.n).toBe(400);
    expect(e.value).toBeCloseTo(0.75 * 0.9 + 0.25 * 0.5, 1);
    expect(e.lower!).toBeLessThan(e.value!);
    // a shift to harder inputs lowers the estimate before any label arrives
    const shifted = estimatedAccuracy({ h19: 100, h11: 300 }, learned.map, learned.labels);
    expect(shifted.value!).toBeLessThan(e.value! - 0.15);
  });

  it("says why there is no estimate when the random labels are too few", () => {
    const learned = learnedMap({ rl19: MIN_CALIBRATION_LABELS - 1, rc19: 40 });
    expect(learned.map).toBeNull();
    expect(estimatedAccuracy({ h19: 10 }, learned.map, learned.labels)).toEqual({
      value: null,
      lower: null,
      upper: null,
      n: 10,
      labels: MIN_CALIBRATION_LABELS - 1,
      reason: `${MIN_CALIBRATION_LABELS - 1} random-sample labels; the calibration map needs ${MIN_CALIBRATION_LABELS}`,
    });
  });

  it("reads the rollup's bin columns", () => {
    const bins = confidenceBins({ h00: 2, h19: 3 }, { rl19: 1, rc19: 1 });
    expect(bins).toHaveLength(20);
    expect([bins[0].outputs, bins[19].outputs, bins[19].labelled, bins[19].correct]).toEqual([2, 3, 1, 1]);
  });
});
