import { describe, expect, it } from "vitest";
import { expectedCalibrationError, normalCdf, rate, twoProportionTest, wilsonInterval } from "./stats";

describe("wilsonInterval", () => {
  it.each([
    [8, 10, 0.4902, 0.9433],
    [0, 10, 0.0, 0.2775],
    [10, 10, 0.7225, 1.0],
    [85, 100, 0.7672, 0.9069],
    [170, 200, 0.7939, 0.8929],
    [900, 1000, 0.8798, 0.9171],
  ])("%i / %i → [%f, %f]", (k, n, lo, hi) => {
    const [lower, upper] = wilsonInterval(k, n);
    expect(lower).toBeCloseTo(lo, 4);
    expect(upper).toBeCloseTo(hi, 4);
  });

  it("is uninformative without data, never NaN", () => {
    expect(wilsonInterval(0, 0)).toEqual([0, 1]);
    expect(rate(0, 0)).toEqual({ value: null, n: 0, lower: 0, upper: 1 });
  });

  it("narrows as the sample grows at the same proportion", () => {
    const small = wilsonInterval(9, 10);
    const large = wilsonInterval(900, 1000);
    expect(large[1] - large[0]).toBeLessThan(small[1] - small[0]);
  });
});

describe("twoProportionTest", () => {
  it.each([
    [80, 100, 900, 1000, -3.0584, 0.00111],
    [170, 200, 1800, 2000, -2.2035, 0.01378],
    [44, 50, 460, 500, -0.9741, 0.165],
  ])("%i/%i vs %i/%i → z %f, p %f", (k1, n1, k2, n2, z, p) => {
    const t = twoProportionTest(k1, n1, k2, n2);
    expect(t.z).toBeCloseTo(z, 3);
    expect(t.pLower).toBeCloseTo(p, 4);
  });

  it("has no evidence without samples", () => {
    expect(twoProportionTest(0, 0, 10, 10).pLower).toBe(1);
  });
});

describe("normalCdf", () => {
  it("matches known quantiles", () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 6);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 5);
    expect(normalCdf(-1.644854)).toBeCloseTo(0.05, 5);
  });
});

describe("expectedCalibrationError", () => {
  it("matches the reference example", () => {
    const ece = expectedCalibrationError([
      { n: 100, correct: 90, confidenceSum: 95 },
      { n: 50, correct: 40, confidenceSum: 37.5 },
      { n: 20, correct: 10, confidenceSum: 11 },
    ]);
    expect(ece).toBeCloseTo(0.05, 4);
  });

  it("is zero for perfect calibration and null without labels", () => {
    expect(expectedCalibrationError([{ n: 10, correct: 8, confidenceSum: 8 }])).toBe(0);
    expect(expectedCalibrationError([{ n: 0, correct: 0, confidenceSum: 0 }])).toBeNull();
  });
});
