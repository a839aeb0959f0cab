import { describe, expect, it } from "vitest";
import { ZEvent } from "./events";

const ok = (e: unknown) => ZEvent.safeParse(e).success;

describe("event schemas", () => {
  it("accepts each event type in its minimal form", () => {
    expect(ok({ type: "output", id: "o1", feature: "f", confidence: 0.5 })).toBe(true);
    expect(ok({ type: "label", outputId: "o1", feature: "f", correct: true })).toBe(true);
    expect(ok({ type: "accuracy", id: "a1", feature: "f", correct: 8, total: 10 })).toBe(true);
    expect(ok({ type: "feedback", outputId: "o1", feature: "f", value: "down" })).toBe(true);
    expect(ok({ type: "ticket", id: "t1", feature: "f" })).toBe(true);
  });

  it("defaults label source to human and ticket severity to normal", () => {
    expect(ZEvent.parse({ type: "label", outputId: "o", feature: "f", correct: false })).toMatchObject({ source: "human" });
    expect(ZEvent.parse({ type: "ticket", id: "t", feature: "f" })).toMatchObject({ severity: "normal" });
  });

  it("takes ISO 8601 and epoch milliseconds, and refuses the far future", () => {
    const iso = ZEvent.parse({ type: "ticket", id: "t", feature: "f", timestamp: "2026-11-01T10:00:00Z" });
    expect(iso.timestamp).toBe(Date.parse("2026-11-01T10:00:00Z"));
    const ms = ZEvent.parse({ type: "ticket", id: "t", feature: "f", timestamp: 1_700_000_000_000 });
    expect(ms.timestamp).toBe(1_700_000_000_000);
    expect(ok({ type: "ticket", id: "t", feature: "f", timestamp: Date.now() + 4 * 60_000 })).toBe(true);
    expect(ok({ type: "ticket", id: "t", feature: "f", timestamp: Date.now() + 6 * 60_000 })).toBe(false);
    expect(ok({ type: "ticket", id: "t", feature: "f", timestamp: "yesterday" })).toBe(false);
  });

  it.each([
    ["confidence above 1", { type: "output", id: "o", feature: "f", confidence: 1.01 }],
    ["confidence NaN", { type: "output", id: "o", feature: "f", confidence: Number.NaN }],
    ["confidence as string", { type: "output", id: "o", feature: "f", confidence: "0.9" }],
    ["empty id", { type: "output", id: "  ", feature: "f", confidence: 0.5 }],
    ["text over 16 KiB", { type: "output", id: "o", feature: "f", confidence: 0.5, output: "é".repeat(8 * 1024 + 1) }],
    ["unknown field", { type: "output", id: "o", feature: "f", confidence: 0.5, extra: 1 }],
    ["unknown type", { type: "click", id: "o", feature: "f" }],
    ["correct > total", { type: "accuracy", id: "a", feature: "f", correct: 11, total: 10 }],
    ["thumb sideways", { type: "feedback", outputId: "o", feature: "f", value: "meh" }],
    ["label without verdict", { type: "label", outputId: "o", feature: "f" }],
    ["unknown severity", { type: "ticket", id: "t", feature: "f", severity: "urgent" }],
  ])("rejects %s", (_, event) => {
    expect(ok(event)).toBe(false);
  });
});
