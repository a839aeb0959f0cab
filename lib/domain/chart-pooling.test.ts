import { describe, expect, it } from "vitest";
import { choosePooling, MIN_POINTS, poolPoints, type JudgedPoint } from "./chart-pooling";
import { accuracyFigure, addJudgeTotals, type JudgeTotals } from "./honest-accuracy";
import { figures, ZERO_COUNTERS, type Point } from "./series";
import { rate } from "./stats";

const HOUR = 60;
const dayStart = 29_000_000 - (29_000_000 % 1440); // an epoch minute at a UTC midnight

function point(start: number, labelled: number, correct: number, extra: Partial<typeof ZERO_COUNTERS> = {}): Point {
  return { t: new Date(start * 60_000).toISOString(), start, ...figures({ ...ZERO_COUNTERS, labelled, correct, ...extra }) };
}

/** 24 hourly points with `perHour` labels each, 90 % correct. */
const day = (perHour: number) => Array.from({ length: 24 }, (_, h) => point(dayStart + h * HOUR, perHour, Math.round(perHour * 0.9)));

describe("choosePooling", () => {
  it("keeps hourly points when an hour already carries 30 labels", () => {
    expect(
      choosePooling(
        day(40).map((p) => ({ start: p.start, n: p.labelled })),
        "hour",
      ),
    ).toEqual({ factor: 1, minutes: 60 });
  });

  it("at ~8 labels an hour a day pools 4 hours (32 labels a point, 6 points); 3 hours would carry 24", () => {
    const pooling = choosePooling(
      day(8).map((p) => ({ start: p.start, n: p.labelled })),
      "hour",
    );
    expect(pooling).toEqual({ factor: 4, minutes: 240 });
  });

  it("keeps MIN_POINTS points: at 2 labels an hour a day stops at 4 hours, uncertain as it is", () => {
    const pooling = choosePooling(
      day(2).map((p) => ({ start: p.start, n: p.labelled })),
      "hour",
    );
    expect(24 / pooling.factor).toBeGreaterThanOrEqual(MIN_POINTS);
    expect(pooling.factor).toBe(4);
  });

  it("pools up to the sample on a week of hours", () => {
    const week = Array.from({ length: 7 * 24 }, (_, h) => ({ start: dayStart + h * HOUR, n: 8 }));
    expect(choosePooling(week, "hour")).toEqual({ factor: 4, minutes: 240 });
  });

  it("counts only points with samples: a quiet night does not drag the median down", () => {
    const busyDays = Array.from({ length: 7 * 24 }, (_, h) => ({ start: dayStart + h * HOUR, n: h % 24 < 12 ? 0 : 35 }));
    expect(choosePooling(busyDays, "hour").factor).toBe(1);
  });

  it("keeps the interval when nothing was observed", () => {
    expect(
      choosePooling(
        day(0).map((p) => ({ start: p.start, n: 0 })),
        "hour",
      ).factor,
    ).toBe(1);
  });
});

describe("poolPoints", () => {
  it("sums counts and recomputes the rate and its Wilson interval from them", () => {
    const points = [
      point(dayStart, 10, 9),
      point(dayStart + HOUR, 10, 5),
      point(dayStart + 2 * HOUR, 10, 10),
      point(dayStart + 3 * HOUR, 2, 2),
    ];
    const pooled = poolPoints(points, { factor: 3, minutes: 180 });
    expect(pooled.map((p) => p.start)).toEqual([dayStart, dayStart + 3 * HOUR]);
    expect(pooled[0].labelled).toBe(30);
    expect(pooled[0].accuracy).toEqual(rate(24, 30));
    expect(pooled[1].accuracy).toEqual(rate(2, 2));
  });

  it("aligns groups on UTC multiples of their length, so points do not move as the range slides", () => {
    const points = [point(dayStart + 2 * HOUR, 5, 5), point(dayStart + 3 * HOUR, 5, 4), point(dayStart + 4 * HOUR, 5, 3)];
    expect(poolPoints(points, { factor: 3, minutes: 180 }).map((p) => p.start)).toEqual([dayStart, dayStart + 3 * HOUR]);
  });

  it("keeps mean labelled confidence as a labels-weighted mean", () => {
    const a = point(dayStart, 10, 9, { labelledConfidenceSum: 9.5 }); // mean 0.95
    const b = point(dayStart + HOUR, 30, 15, { labelledConfidenceSum: 24 }); // mean 0.8
    const [p] = poolPoints([a, b], { factor: 2, minutes: 120 });
    expect(p.meanLabelledConfidence).toBeCloseTo((9.5 + 24) / 40, 10);
    expect(p.overconfidence).toBeCloseTo((9.5 + 24) / 40 - 24 / 40, 10);
  });

  it("returns the points themselves when nothing is pooled", () => {
    const points = day(40);
    expect(poolPoints(points, { factor: 1, minutes: 60 })).toBe(points);
  });
});

describe("poolPoints on judged points (issue 23)", () => {
  const judgedNone: JudgeTotals = {
    judged: 0,
    judgedCorrect: 0,
    judgeLabelled: 0,
    pairs: { agreeCorrect: 0, agreeWrong: 0, judgeSaysWrong: 0, judgeSaysCorrect: 0 },
  };
  /** an hour whose 40 outputs are all judged (36 correct by the judge), no person labelled, `pairs` random pairs */
  function judged(start: number, pairs: number): JudgedPoint {
    const judge: JudgeTotals = {
      judged: 40,
      judgedCorrect: 36,
      judgeLabelled: 40 - pairs,
      // people find a tenth of the judge's "correct" wrong
      pairs: { agreeCorrect: pairs - Math.round(pairs / 10), agreeWrong: 0, judgeSaysWrong: 0, judgeSaysCorrect: Math.round(pairs / 10) },
    };
    const p = point(start, 40, 36);
    return { ...p, accuracy: accuracyFigure(p.accuracy, judge), judge };
  }

  it("corrects a pooled point by the random pairs of the points it pools, as the metrics API does a range", () => {
    const points = [judged(dayStart, 10), judged(dayStart + HOUR, 10), judged(dayStart + 2 * HOUR, 10)];
    expect(points.every((p) => p.accuracy.method === "judge_uncorrected")).toBe(true); // 10 pairs each: too few
    const [p] = poolPoints(points, { factor: 3, minutes: 180 });
    expect(p.accuracy).toMatchObject({ method: "judge_corrected", pairs: 30, n: 120 });
    // the figure of the three hours' summed sums, as the metrics API gives a 3-hour range
    const sum = points.reduce((acc, q) => addJudgeTotals(acc, q.judge!), judgedNone);
    expect(p.accuracy).toEqual(accuracyFigure(rate(108, 120), sum));
    // people found 1 in 10 of the judge's "correct" wrong on the sample: below the judge's 90 %
    expect(p.accuracy.value).toBeLessThan(0.85);
  });

  it("falls back on the correction the metrics API used for its own points, and says where it came from", () => {
    const window = { from: "2026-11-30T00:00:00.000Z", to: "2026-12-07T00:00:00.000Z" };
    const correction = { pairs: { agreeCorrect: 90, agreeWrong: 0, judgeSaysWrong: 0, judgeSaysCorrect: 10 }, window };
    const [p] = poolPoints([judged(dayStart, 0), judged(dayStart + HOUR, 0)], { factor: 2, minutes: 120 }, correction);
    expect(p.accuracy).toMatchObject({ method: "judge_corrected", correctionWindow: { ...window, pairs: 100 } });
    expect(p.accuracy.value).toBeLessThan(0.85); // the window's pairs found a tenth of the judge's "correct" wrong
  });

  it("keeps a plain rate when the points carry no judge sums", () => {
    const [p] = poolPoints([point(dayStart, 10, 9), point(dayStart + HOUR, 10, 5)], { factor: 2, minutes: 120 });
    expect(p.accuracy).toEqual(rate(14, 20));
  });
});
