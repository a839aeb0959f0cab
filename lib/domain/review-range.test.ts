import { describe, expect, it } from "vitest";
import { parseUtcDay, reviewRange, shiftRange, utcDay, weekStart } from "./review-range";

const NOW = Date.UTC(2026, 10, 26, 15, 30); // Thursday

describe("review ranges", () => {
  it("starts weeks on Monday 00:00 UTC", () => {
    expect(utcDay(weekStart(NOW))).toBe("2026-11-23");
    expect(weekStart(Date.UTC(2026, 10, 23))).toBe(Date.UTC(2026, 10, 23));
    expect(utcDay(weekStart(Date.UTC(2026, 10, 22, 23, 59)))).toBe("2026-11-16"); // Sunday
  });

  it("parses real days only", () => {
    expect(parseUtcDay("2026-11-17")).toBe(Date.UTC(2026, 10, 17));
    expect(parseUtcDay("2026-02-30")).toBeNull();
    expect(parseUtcDay("17.11.2026")).toBeNull();
  });

  it("defaults to the last 7 UTC days including today", () => {
    expect(reviewRange({}, NOW)).toEqual({
      fromDay: "2026-11-20",
      toDay: "2026-11-26",
      from: Date.UTC(2026, 10, 20),
      to: Date.UTC(2026, 10, 27),
    });
  });

  it("fills a missing end, swaps reversed days, caps the length, ignores junk", () => {
    expect(reviewRange({ from: "2026-11-10" }, NOW)).toMatchObject({ fromDay: "2026-11-10", toDay: "2026-11-16" });
    expect(reviewRange({ to: "2026-11-10" }, NOW)).toMatchObject({ fromDay: "2026-11-04", toDay: "2026-11-10" });
    expect(reviewRange({ from: "2026-11-20", to: "2026-11-18" }, NOW)).toMatchObject({ fromDay: "2026-11-18", toDay: "2026-11-20" });
    expect(reviewRange({ from: "2026-01-01", to: "2026-11-20" }, NOW)).toMatchObject({ fromDay: "2026-10-21", toDay: "2026-11-20" });
    expect(reviewRange({ from: "<script>", to: "x" }, NOW)).toMatchObject({ fromDay: "2026-11-20", toDay: "2026-11-26" });
  });

  it("shifts by the range's own length", () => {
    const r = reviewRange({ from: "2026-11-10", to: "2026-11-16" }, NOW);
    expect(shiftRange(r, -1)).toEqual({ from: "2026-11-03", to: "2026-11-09" });
    expect(shiftRange(r, 1)).toEqual({ from: "2026-11-17", to: "2026-11-23" });
  });
});
