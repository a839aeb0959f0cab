import { describe, expect, it } from "vitest";
import { poolingText } from "./duration";
import { formatAgo, formatPeriod, formatTick, localInputToUtc, utcToLocalInput } from "./time";

const start = Date.parse("2026-11-17T14:00:00Z") / 60_000;

describe("time formatting", () => {
  it("labels day buckets as UTC days whatever the viewer's zone", () => {
    const day = Date.parse("2026-11-17T00:00:00Z") / 60_000;
    expect(formatTick(day, "day", "America/Los_Angeles")).toBe("Nov 17");
    expect(formatPeriod(day, "day", "Asia/Tokyo")).toBe("Nov 17 (UTC day)");
  });

  it("shows hour and minute buckets in the viewer's zone", () => {
    expect(formatPeriod(start, "hour", "UTC")).toBe("Nov 17, 14:00–15:00");
    expect(formatPeriod(start, "hour", "Europe/Berlin")).toBe("Nov 17, 15:00–16:00");
    expect(formatTick(start, "minute", "Asia/Kolkata")).toBe("19:30");
  });

  it("names the whole span of a pooled point", () => {
    expect(formatPeriod(start - 2 * 60, "hour", "UTC", 360)).toBe("Nov 17, 12:00–18:00");
    expect(formatPeriod(start, "minute", "UTC", 15)).toBe("Nov 17, 14:00–14:15");
    const day = Date.parse("2026-11-16T00:00:00Z") / 60_000;
    expect(formatPeriod(day, "day", "UTC", 7 * 1440)).toBe("Nov 16–Nov 22 (UTC days)");
    expect([poolingText(360), poolingText(15), poolingText(1440), poolingText(10080)]).toEqual([
      "6 hours",
      "15 minutes",
      "a day",
      "a week",
    ]);
  });

  it("says how long ago in words", () => {
    expect(formatAgo(500)).toBe("just now");
    expect(formatAgo(12_000)).toBe("12 s ago");
    expect(formatAgo(185_000)).toBe("3 min ago");
    expect(formatAgo(2 * 3_600_000 + 5)).toBe("2 h ago");
  });

  it("turns a typed local date-time into UTC and back, whatever the runtime's zone", () => {
    for (const utc of ["2026-03-29T01:30", "2026-11-17T14:05", "2026-12-31T23:59"]) expect(localInputToUtc(utcToLocalInput(utc))).toBe(utc);
    expect(utcToLocalInput("2026-11-17")).toBe(utcToLocalInput("2026-11-17T00:00"));
    expect([localInputToUtc(""), utcToLocalInput("")]).toEqual(["", ""]);
  });
});
