import { describe, expect, it } from "vitest";
import { errorConcentration, largestOverconfidence, lowestAccuracy, ticketTotals } from "./chart-findings";
import { shapeSeries, ZERO_COUNTERS } from "./series";
import { rate } from "./stats";

const row = (start: number, c: Partial<typeof ZERO_COUNTERS>) => ({ ...ZERO_COUNTERS, start, ...c });
const points = shapeSeries(
  [
    row(0, { labelled: 500, correct: 470, labelledConfidenceSum: 480 }),
    row(1440, { labelled: 1200, correct: 1000, labelledConfidenceSum: 1164, tickets: 30, criticalTickets: 25 }),
    row(2880, { labelled: 5, correct: 1, labelledConfidenceSum: 4.9, tickets: 1, criticalTickets: 1 }),
  ],
  0,
  3 * 1440 * 60_000,
  "day",
);

describe("lowestAccuracy", () => {
  it("finds the dip, ignoring intervals with too few labels", () => {
    const low = lowestAccuracy(points)!;
    expect(low.start).toBe(1440);
    expect(low.accuracy.value).toBeCloseTo(0.8333, 3);
  });

  it("is null when no interval has enough labels", () => {
    expect(lowestAccuracy(points, 10_000)).toBeNull();
  });
});

describe("largestOverconfidence", () => {
  it("finds where confidence exceeds accuracy most", () => {
    const gap = largestOverconfidence(points)!;
    expect(gap.start).toBe(1440);
    expect(gap.confidence).toBeCloseTo(0.97);
    expect(gap.gap).toBeCloseTo(0.97 - 1000 / 1200);
  });
});

describe("errorConcentration", () => {
  const slices = [
    { slice: "python", outputs: 100, accuracy: rate(940, 1000) },
    { slice: "sql", outputs: 50, accuracy: rate(330, 500) },
    { slice: "bash", outputs: 20, accuracy: rate(190, 200) },
    { slice: "tiny", outputs: 3, accuracy: rate(0, 3) },
  ];

  it("says the errors sit in one slice when its interval lies below the rest", () => {
    const c = errorConcentration(slices)!;
    expect(c.worst.slice).toBe("sql");
    expect(c.rest.n).toBe(1203);
    expect(c.rest.value).toBeCloseTo((940 + 190) / 1203);
    expect(c.concentrated).toBe(true);
  });

  it("does not call scattered errors concentrated", () => {
    const c = errorConcentration([
      { slice: "a", outputs: 1, accuracy: rate(90, 100) },
      { slice: "b", outputs: 1, accuracy: rate(92, 100) },
    ])!;
    expect(c.worst.slice).toBe("a");
    expect(c.concentrated).toBe(false);
  });

  it("needs two slices with enough labels", () => {
    expect(errorConcentration([slices[0], slices[3]])).toBeNull();
  });
});

describe("ticketTotals", () => {
  it("sums tickets and finds the critical peak", () => {
    expect(ticketTotals(points)).toEqual({ tickets: 31, critical: 26, peak: { start: 1440, critical: 25 } });
  });
});
