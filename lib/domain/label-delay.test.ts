import { describe, expect, it } from "vitest";
import { DELAY_EDGES_MIN, delayBin, delayQuantile, liveDetectionDelay } from "./label-delay";

const histogramOf = (delays: number[]) => {
  const h = DELAY_EDGES_MIN.map(() => 0);
  for (const d of delays) h[delayBin(d)]++;
  return h;
};

describe("label delay", () => {
  it("bins delays by their upper edge, negative ones as immediate, beyond a week in the last bin", () => {
    expect(delayBin(-3)).toBe(0);
    expect(delayBin(0.5)).toBe(0);
    expect(delayBin(1)).toBe(1);
    expect(delayBin(179)).toBe(DELAY_EDGES_MIN.indexOf(240));
    expect(delayBin(20_000)).toBe(DELAY_EDGES_MIN.length - 1);
  });

  it("reads quantiles from the histogram", () => {
    const h = histogramOf([...Array(50).fill(3), ...Array(40).fill(100), ...Array(10).fill(3000)]);
    expect(delayQuantile(h, 0.5)).toBe(5);
    expect(delayQuantile(h, 0.9)).toBe(120);
    expect(delayQuantile(h, 0.95)).toBe(4320);
    expect(
      delayQuantile(
        DELAY_EDGES_MIN.map(() => 0),
        0.5,
      ),
    ).toBeNull();
  });

  it("labels within the minute leave the statistical delay as it is, to the minute", () => {
    const h = histogramOf(Array(100).fill(0.2));
    expect(liveDetectionDelay(4, h)).toBeGreaterThanOrEqual(4);
    expect(liveDetectionDelay(4, h)).toBeLessThanOrEqual(5);
  });

  it("labels three hours late add about three hours to a 4-minute detection", () => {
    // every label between 2 and 4 hours after its output (a reviewer's queue)
    const h = histogramOf(Array.from({ length: 1000 }, (_, i) => 120 + (i % 120)));
    const live = liveDetectionDelay(4, h)!;
    expect(live).toBeGreaterThan(120);
    expect(live).toBeLessThanOrEqual(240);
  });

  it("says Infinity when labels never come within a week, and null when no delay is known", () => {
    expect(liveDetectionDelay(30, histogramOf(Array(10).fill(50_000)))).toBe(Infinity);
    expect(
      liveDetectionDelay(
        30,
        DELAY_EDGES_MIN.map(() => 0),
      ),
    ).toBeNull();
  });
});
