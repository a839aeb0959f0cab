import { describe, expect, it } from "vitest";
import {
  accuracyRows,
  axisFloor,
  calibrationRows,
  confidenceRows,
  histogramRows,
  phaseRows,
  presentationRows,
  percentTicks,
  pooledAccuracyRows,
  sliceRows,
  thumbsRows,
  ticketRows,
  MIN_WHISKER_SAMPLE,
  rateRow,
  sparseError,
} from "./chart-rows";
import { rate } from "./stats";
import { shapeBins, shapeSeries, ZERO_COUNTERS } from "./series";

const row = (start: number, c: Partial<typeof ZERO_COUNTERS>) => ({ ...ZERO_COUNTERS, start, ...c });

describe("accuracyRows", () => {
  const points = shapeSeries([row(0, { labelled: 100, correct: 90 }), row(60, { labelled: 10, correct: 9 })], 0, 3 * 60 * 60_000, "hour");
  const rows = accuracyRows(points);

  it("draws a confident point with its band when the sample is large enough", () => {
    expect(rows[0]).toMatchObject({ start: 0, value: 0.9, solid: 0.9, sparse: null, n: 100 });
    expect(rows[0].band![0]).toBeCloseTo(0.8256, 3);
    expect(rows[0].band![1]).toBeCloseTo(0.9448, 3);
  });

  it("marks a small sample as sparse, never solid, and draws no band for it", () => {
    expect(rows[1]).toMatchObject({ value: 0.9, solid: null, sparse: 0.9, n: 10, solidBand: null });
    expect(rows[0].solidBand).toEqual(rows[0].band);
  });

  it("leaves an empty interval as a gap, not a zero and not NaN", () => {
    expect(rows[2]).toEqual({ start: 120, value: null, band: null, solidBand: null, n: 0, solid: null, sparse: null });
  });
});

describe("thumbs, tickets and confidence rows", () => {
  const points = shapeSeries(
    [row(0, { thumbsUp: 30, thumbsDown: 10, tickets: 5, criticalTickets: 2, labelled: 40, correct: 28, labelledConfidenceSum: 38 })],
    0,
    2 * 60 * 60_000,
    "hour",
  );

  it("gives thumbs-down rate with volume", () => {
    expect(thumbsRows(points)[0]).toMatchObject({ value: 0.25, volume: 40, thumbsDown: 10, n: 40 });
  });

  it("splits critical from other tickets", () => {
    expect(ticketRows(points)).toEqual([
      { start: 0, critical: 2, other: 3, total: 5 },
      { start: 60, critical: 0, other: 0, total: 0 },
    ]);
  });

  it("shows the overconfidence gap between accuracy and mean confidence", () => {
    const [first, second] = confidenceRows(points);
    expect(first.accuracy).toBeCloseTo(0.7);
    expect(first.confidence).toBeCloseTo(0.95);
    expect(first.gap![0]).toBeCloseTo(0.7);
    expect(first.gap![1]).toBeCloseTo(0.95);
    expect(second).toEqual({ start: 60, accuracy: null, confidence: null, gap: null, n: 0 });
  });
});

describe("histogramRows", () => {
  const sums: Record<string, number> = {};
  sums.h17 = 10; // [0.85, 0.90)
  sums.h18 = 30; // [0.90, 0.95)
  sums.h19 = 60; // [0.95, 1]
  const { histogram } = shapeBins(sums);

  it("marks the bins below the threshold as falling back, exactly at bin edges", () => {
    const rows = histogramRows(histogram, 0.9);
    expect(rows).toHaveLength(20);
    expect(rows[17]).toMatchObject({ belowThreshold: true, share: 0.1 });
    expect(rows[18]).toMatchObject({ belowThreshold: false, share: 0.3 });
    expect(rows[19].mid).toBeCloseTo(0.975);
  });

  it("has no NaN shares without data and no fallback without threshold", () => {
    const rows = histogramRows(shapeBins({}).histogram, null);
    expect(rows.every((r) => r.share === 0 && !r.belowThreshold)).toBe(true);
  });
});

describe("calibrationRows", () => {
  it("keeps bins with labels, at their mean confidence, with error bars", () => {
    const { calibration } = shapeBins({ l19: 100, c19: 90, s19: 97, l15: 0 });
    const rows = calibrationRows(calibration);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ bin: 19, accuracy: 0.9, n: 100 });
    expect(rows[0].confidence).toBeCloseTo(0.97);
    expect(rows[0].error[0]).toBeCloseTo(0.9 - rows[0].lower);
    expect(rows[0].error[1]).toBeCloseTo(rows[0].upper - 0.9);
  });
});

describe("axisFloor", () => {
  it("rounds down to a tenth and ignores missing values", () => {
    expect(axisFloor([0.93, null, 0.66, undefined])).toBe(0.6);
    expect(axisFloor([0.7])).toBe(0.6);
    expect(axisFloor([], 0.5)).toBe(0.5);
    expect(axisFloor([0.02])).toBe(0);
  });
});

describe("sliceRows", () => {
  it("orders slices least accurate first, drops empty ones, flags the concentrated one", () => {
    const rows = sliceRows(
      [
        { slice: "python", accuracy: rate(94, 100) },
        { slice: "sql", accuracy: rate(66, 100) },
        { slice: "empty", accuracy: rate(0, 0) },
      ],
      "sql",
    );
    expect(rows.map((r) => [r.slice, r.flagged])).toEqual([
      ["sql", true],
      ["python", false],
    ]);
    expect(rows[0].error[0]).toBeCloseTo(0.66 - rows[0].lower);
  });
});

describe("phaseRows", () => {
  it("merges phases by interval with solid, sparse and sample columns", () => {
    const rows = phaseRows([
      {
        phase: "beta",
        points: [
          { start: 0, accuracy: rate(90, 100) },
          { start: 60, accuracy: rate(5, 10) },
        ],
      },
      { phase: "early-access", points: [{ start: 60, accuracy: rate(45, 50) }] },
    ]);
    expect(rows).toEqual([
      { start: 0, beta: 0.9, "beta:sparse": null, "beta:n": 100 },
      { start: 60, beta: null, "beta:sparse": 0.5, "beta:n": 10, "early-access": 0.9, "early-access:sparse": null, "early-access:n": 50 },
    ]);
  });
});

describe("pooledAccuracyRows", () => {
  it("pools labels of k intervals so quiet hours still give a confident point", () => {
    const pts = [rate(9, 10), rate(18, 20), rate(0, 0), rate(27, 30), rate(1, 2)].map((accuracy, i) => ({ start: i * 60, accuracy }));
    const rows = pooledAccuracyRows(pts, 3);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ start: 0, n: 30, value: 0.9, solid: 0.9, sparse: null });
    expect(rows[1]).toMatchObject({ start: 180, n: 32, solid: 28 / 32 });
  });
});

describe("percentTicks", () => {
  it("uses round steps that fit the range", () => {
    expect(percentTicks(0.7)).toEqual([0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1]);
    expect(percentTicks(0.5)).toEqual([0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(percentTicks(0)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(percentTicks(0, 0.3)).toEqual([0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3]);
  });
});

describe("presentationRows", () => {
  it("splits shown into plain and flagged, fallbacks into asked and fallen back", () => {
    const points = shapeSeries(
      [{ ...ZERO_COUNTERS, start: 0, outputs: 10, shown: 7, flagged: 2, fallbacks: 3, asked: 1 }],
      0,
      59 * 60_000,
      "hour",
    );
    expect(presentationRows(points)).toEqual([{ start: 0, plain: 5, flagged: 2, asked: 1, fallback: 2, total: 10 }]);
  });
});

describe("sparseError", () => {
  const row = (n: number, correct: number) => rateRow(0, rate(correct, n));
  it("gives an uncertain point its interval as a whisker, clipped to the axis", () => {
    const r = row(20, 18); // 90 %, interval ~69.9–97.2 %
    const [below, above] = sparseError(r, 0.8)!;
    expect(r.sparse! - below).toBeCloseTo(0.8, 10); // clipped at the axis floor
    expect(r.sparse! + above).toBeCloseTo(r.band![1], 10);
  });
  it("draws no whisker for a solid point or one with fewer than MIN_WHISKER_SAMPLE samples", () => {
    expect(sparseError(row(40, 36), 0)).toBeNull();
    expect(sparseError(row(MIN_WHISKER_SAMPLE - 1, 5), 0)).toBeNull();
  });
});
