import { describe, expect, it } from "vitest";
import {
  breachingSlices,
  joinSlice,
  parseAlertSlices,
  recoverSlice,
  serializeAlertSlices,
  slicesText,
  unresolvedByRule,
} from "./alert-slices";

const T = Date.parse("2026-11-29T09:00:00Z");
const MIN = 60_000;

describe("one alert per rule across slices", () => {
  it("adds a breaching slice once, and lets a recovered one breach again", () => {
    const first = joinSlice([], "phase:beta", T);
    expect(first.changed).toBe(true);
    const { slices } = joinSlice(first.slices, "phase:beta/segment:internal", T + MIN);
    expect(joinSlice(slices, "phase:beta", T + 2 * MIN).changed).toBe(false);
    const r = recoverSlice(slices, "phase:beta", T + 3 * MIN);
    expect(r).toMatchObject({ changed: true, allClear: false });
    expect(breachingSlices(r.slices).map((s) => s.id)).toEqual(["phase:beta/segment:internal"]);
    const again = joinSlice(r.slices, "phase:beta", T + 4 * MIN);
    expect(again.changed).toBe(true);
    expect(again.slices).toHaveLength(2);
    expect(again.slices[0]).toEqual({ id: "phase:beta", openedAt: T, recoveredAt: null });
  });
  it("is all clear when the last breaching slice recovers", () => {
    const { slices } = joinSlice([], "phase:beta", T);
    expect(recoverSlice(slices, "phase:beta", T + MIN)).toMatchObject({ allClear: true, changed: true });
    expect(recoverSlice(slices, "phase:full", T + MIN)).toMatchObject({ allClear: false, changed: false });
  });
  it("reads the stored list, and an older alert's single slice", () => {
    const list = [{ id: "phase:beta", openedAt: T, recoveredAt: null }];
    expect(parseAlertSlices(serializeAlertSlices(list), "phase:beta", T)).toEqual(list);
    expect(parseAlertSlices(null, "phase:full", T, T + MIN)).toEqual([{ id: "phase:full", openedAt: T, recoveredAt: T + MIN }]);
    expect(parseAlertSlices(null, null, T)).toEqual([]);
    expect(parseAlertSlices("not json", "phase:full", T)).toEqual([{ id: "phase:full", openedAt: T, recoveredAt: null }]);
  });
});

describe("slicesText", () => {
  it("names phases, then segments without repeating their phase", () => {
    expect(slicesText(["phase:beta", "phase:beta/segment:beta-power-users", "phase:beta/segment:internal"])).toBe(
      "phase beta; segments beta-power-users, internal",
    );
    expect(slicesText(["phase:full/segment:new-market"])).toBe("segment new-market");
    expect(slicesText(["phase:beta", "phase:full"])).toBe("phases beta, full");
  });
  it("says a segment's phase when several phases are in sight", () => {
    expect(slicesText(["phase:beta", "phase:full/segment:internal"])).toBe("phase beta; segment internal (phase full)");
  });
});

describe("unresolvedByRule", () => {
  it("lists each rule once with its slices, open before acknowledged", () => {
    const rule = { id: "r1", name: "Accuracy below its normal" };
    const judge = { id: "r2", name: "Judge agreement fell" };
    expect(
      unresolvedByRule([
        { rule, status: "open", slices: ["phase:beta", "phase:beta/segment:internal"] },
        { rule, status: "acknowledged", slices: ["phase:beta/segment:beta-power-users"] },
        { rule: judge, status: "acknowledged", slices: [] },
        { rule: judge, status: "resolved", slices: [] },
      ]),
    ).toEqual([
      "Accuracy below its normal — phase beta; segments internal, beta-power-users (open)",
      "Judge agreement fell (acknowledged)",
    ]);
  });
});
