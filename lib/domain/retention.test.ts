import { describe, expect, it } from "vitest";
import { ZRetentionDays } from "../schemas/retention";
import { DAY_MS, MIN_RETENTION_DAYS, olderThanRetention, retentionCutoff } from "./retention";

const NOW = Date.parse("2026-11-20T12:00:00Z");

describe("retention rules", () => {
  it("keeps everything when retention is off", () => {
    expect(retentionCutoff(NOW, null)).toBeNull();
    expect(olderThanRetention(0, NOW, null)).toBe(false);
  });

  it("cuts at exactly `days` before now: an event at the cut-off is kept, one a millisecond older is not", () => {
    expect(retentionCutoff(NOW, 40)).toBe(NOW - 40 * DAY_MS);
    expect(olderThanRetention(NOW - 40 * DAY_MS, NOW, 40)).toBe(false);
    expect(olderThanRetention(NOW - 40 * DAY_MS - 1, NOW, 40)).toBe(true);
  });
});

describe("ROLLGUARD_RETENTION_DAYS", () => {
  it("is off by default and with 'off'", () => {
    expect(ZRetentionDays.parse(undefined)).toBeNull();
    expect(ZRetentionDays.parse("off")).toBeNull();
  });

  it("takes whole days from the minimum on", () => {
    expect(ZRetentionDays.parse(String(MIN_RETENTION_DAYS))).toBe(35);
    expect(ZRetentionDays.parse("400")).toBe(400);
  });

  it("refuses a retention that would cut into the weekly review or the 30-day charts, and nonsense", () => {
    for (const bad of ["30", "0", "-5", "40.5", "forever", ""]) expect(ZRetentionDays.safeParse(bad).success, bad).toBe(false);
    expect(ZRetentionDays.safeParse("30").error?.issues[0].message).toMatch(/at least 35 days/);
  });
});
