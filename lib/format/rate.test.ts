import { describe, expect, it } from "vitest";
import { rate } from "../domain/stats";
import { points, rateText } from "./rate";

describe("rateText", () => {
  it("shows the value with its interval and sample", () => {
    expect(rateText(rate(85, 100))).toBe("85.0 % (76.7 %–90.7 %, n=100)");
  });
  it("says no data instead of NaN", () => {
    expect(rateText(rate(0, 0))).toBe("no data (n=0)");
  });
});

describe("points", () => {
  it("formats a signed difference", () => {
    expect(points(0.13)).toBe("+13.0 points");
    expect(points(-0.052)).toBe("-5.2 points");
    expect(points(null)).toBe("—");
  });
});
