import { describe, expect, it } from "vitest";
import { fillMinutes, obeyVerdict } from "./proof";

describe("the proof panel's shaping", () => {
  it("fills minutes without decisions with zeros, in order", () => {
    expect(fillMinutes([{ minute: 12, ai: 3, fallback: 1, disabled: 0 }], 10, 13)).toEqual([
      { minute: 10, ai: 0, fallback: 0, disabled: 0 },
      { minute: 11, ai: 0, fallback: 0, disabled: 0 },
      { minute: 12, ai: 3, fallback: 1, disabled: 0 },
      { minute: 13, ai: 0, fallback: 0, disabled: 0 },
    ]);
  });

  it("calls a paused feature disobeyed as soon as one AI answer is reported shown after the grace", () => {
    expect(obeyVerdict(false, 10)).toBe("running");
    expect(obeyVerdict(true, 0)).toBe("obeying");
    expect(obeyVerdict(true, 1)).toBe("disobeying");
  });
});
