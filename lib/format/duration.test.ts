import { describe, expect, it } from "vitest";
import { approxDurationText, durationText } from "./duration";

describe("durations", () => {
  it("stay in minutes while they are few, then hours, then days", () => {
    expect([durationText(45), durationText(210), durationText(3000)]).toEqual(["45 min", "3.5 h", "2.1 days"]);
  });
  it("round estimates to what can be meant", () => {
    expect([approxDurationText(951), approxDurationText(36_901), approxDurationText(19.5)]).toEqual(["~16 h", "~26 days", "~20 min"]);
  });
});
