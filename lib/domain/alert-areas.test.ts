import { describe, expect, it } from "vitest";
import { MINUTE_MS } from "./buckets";
import { alertAreas } from "./alert-areas";

const H = 60; // minutes
const base = 29_000_000 - (29_000_000 % H); // an hour boundary, epoch minutes
const rows = [0, 1, 2, 3, 4, 5].map((i) => base + i * H);
const at = (minute: number) => minute * MINUTE_MS;
const alert = (id: string, opened: number, resolved: number | null) => ({
  id,
  rule: `rule ${id}`,
  status: resolved ? "resolved" : "open",
  openedAt: at(opened),
  resolvedAt: resolved === null ? null : at(resolved),
});

describe("alertAreas", () => {
  it("snaps an alert to the buckets it opened and resolved in", () => {
    expect(alertAreas([alert("a", base + H + 10, base + 3 * H + 59)], rows, "hour")).toEqual([
      expect.objectContaining({ id: "a", x1: base + H, x2: base + 3 * H, label: "A1" }),
    ]);
  });

  it("draws an unresolved alert to the last bucket", () => {
    expect(alertAreas([alert("a", base + 4 * H + 5, null)], rows, "hour")[0]).toMatchObject({ x1: base + 4 * H, x2: base + 5 * H });
  });

  it("clips alerts that started before the range and leaves out those entirely outside it", () => {
    const areas = alertAreas(
      [alert("before", base - 5 * H, base + 30), alert("gone", base - 5 * H, base - 2 * H), alert("after", base + 6 * H + 1, null)],
      rows,
      "hour",
    );
    expect(areas).toEqual([expect.objectContaining({ id: "before", x1: base, x2: base })]);
  });

  it("numbers the areas in time order and handles no rows", () => {
    const areas = alertAreas([alert("late", base + 3 * H, null), alert("early", base + 1 * H, base + 2 * H)], rows, "hour");
    expect(areas.map((a) => [a.id, a.label])).toEqual([
      ["early", "A1"],
      ["late", "A2"],
    ]);
    expect(alertAreas([alert("a", base, null)], [], "hour")).toEqual([]);
  });
});
