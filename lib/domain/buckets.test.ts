import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { confidenceBin, intervalForRange, intervalStart, minuteOf } from "./buckets";

describe("buckets", () => {
  it("puts each confidence in its 0.05-wide bin, 1.0 in the last", () => {
    expect(confidenceBin(0)).toBe(0);
    expect(confidenceBin(0.049)).toBe(0);
    expect(confidenceBin(0.05)).toBe(1);
    expect(confidenceBin(0.97)).toBe(19);
    expect(confidenceBin(1)).toBe(19);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (c) => {
        const bin = confidenceBin(c);
        return bin >= 0 && bin < 20 && (c === 1 || (c >= bin / 20 - 1e-12 && c < (bin + 1) / 20 + 1e-12));
      }),
    );
  });

  it("aligns minutes to UTC hours and days", () => {
    const t = Date.parse("2026-11-26T13:47:30Z");
    const m = minuteOf(t);
    expect(new Date(m * 60_000).toISOString()).toBe("2026-11-26T13:47:00.000Z");
    expect(new Date(intervalStart(m, "hour") * 60_000).toISOString()).toBe("2026-11-26T13:00:00.000Z");
    expect(new Date(intervalStart(m, "day") * 60_000).toISOString()).toBe("2026-11-26T00:00:00.000Z");
  });

  it("chooses an interval that keeps charts readable", () => {
    const h = 3_600_000;
    expect(intervalForRange(0, h)).toBe("minute");
    expect(intervalForRange(0, 24 * h)).toBe("hour");
    expect(intervalForRange(0, 7 * 24 * h)).toBe("hour");
    expect(intervalForRange(0, 30 * 24 * h)).toBe("day");
  });
});
