import { expect, it } from "vitest";
import { quantile } from "./quantile";

it("interpolates between order statistics", () => {
  expect(quantile([], 0.5)).toBeNull();
  expect(quantile([5], 0.9)).toBe(5);
  expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
  expect(quantile([1, 2, 3, 4, 5], 0.9)).toBeCloseTo(4.6);
  expect(quantile([1, 2, 3], 0)).toBe(1);
  expect(quantile([1, 2, 3], 1)).toBe(3);
});
