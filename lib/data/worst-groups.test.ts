import { beforeAll, describe, expect, it } from "vitest";
import { givenFeature } from "../testing/fixtures";
import { ingestEvents } from "../use-cases/ingest";
import { markOutputs, tagOutputs, worstReview } from "./review";

// The weekly review groups near-identical failures: six outputs with one prompt and one answer
// are one card with count 6, the units and segments they reached; tagging a group tags all six.

const T0 = Date.parse("2026-11-17T14:00:00Z");
const range = { from: T0 - 3_600_000, to: T0 + 3_600_000, limit: 20 };
let feature: { id: string };

beforeAll(async () => {
  feature = await givenFeature("groups-test", "beta");
  const out = (id: string, minute: number, input: string, output: string, unit: string, segment: string, confidence = 0.95) => ({
    type: "output", feature: "groups-test", id, confidence, timestamp: T0 + minute * 60_000, input, output, unit, segment,
  });
  const dup = Array.from({ length: 6 }, (_, i) =>
    out(`dup${i}`, i, "Should I change my gold allocation?", `Increase gold by ${i % 2 ? 15 : 20} % — volatility is low.`, `u${i % 4}`, i < 4 ? "internal" : "beta"),
  );
  const others = [out("sql", 10, "Join orders", "SELECT * FROM orders JOIN customers", "dev1", "default", 0.99), out("other", 11, "Q", "A", "u9", "beta", 0.85)];
  const labels = [...dup, ...others].map((o) => ({ type: "label", feature: "groups-test", outputId: o.id, correct: false, source: "human" }));
  await ingestEvents([...dup, ...others, ...labels], T0 + 7_200_000);
});

describe("worstReview", () => {
  it("shows six duplicates of one failure as one group with count 6, units and segments", async () => {
    const { items, groups } = await worstReview(feature.id, range);
    expect(items).toHaveLength(8); // the ungrouped list stays as before
    expect(groups.map((g) => [g.rank, g.count, g.item.clientId])).toEqual([
      [1, 1, "sql"],
      [2, 6, expect.stringMatching(/^dup/)],
      [3, 1, "other"],
    ]);
    const g = groups[1];
    expect(g.unitCount).toBe(4);
    expect(g.units).toEqual(["u0", "u1", "u2", "u3"]);
    expect(g.segments).toEqual([{ segment: "internal", count: 4 }, { segment: "beta", count: 2 }]);
    expect(g.outputIds).toHaveLength(6);
    expect(g.item.group).toEqual({ key: g.key, count: 6 });
    expect(items.find((i) => i.clientId === "dup3")?.group).toEqual({ key: g.key, count: 6 });
  });

  it("limits groups, not outputs", async () => {
    const { items, groups } = await worstReview(feature.id, { ...range, limit: 2 });
    expect(items).toHaveLength(2);
    expect(groups.map((g) => g.count)).toEqual([1, 6]);
  });

  it("tags and marks every member of the selected groups at once", async () => {
    const { groups } = await worstReview(feature.id, range);
    const ids = [...groups[1].outputIds, ...groups[2].outputIds];
    await tagOutputs(feature.id, { outputIds: ids, add: ["gold advice"], remove: [] }, "ana@example.com");
    await tagOutputs(feature.id, { outputIds: ids, add: ["gold advice", "volatility"], remove: [] }, "ana@example.com");
    await markOutputs(feature.id, { outputIds: groups[1].outputIds, reviewed: true, note: "same answer six times" }, "ana@example.com");
    const after = await worstReview(feature.id, range);
    expect(after.groups[1].item.review).toMatchObject({ tags: ["gold advice", "volatility"], reviewed: true, note: "same answer six times", reviewedBy: "ana@example.com" });
    expect(after.items.filter((i) => i.review.tags.includes("gold advice"))).toHaveLength(7);
    expect(after.groups[0].item.review.tags).toEqual([]);
    await tagOutputs(feature.id, { outputIds: ids, add: [], remove: ["volatility"] }, "ana@example.com");
    expect((await worstReview(feature.id, range)).groups[2].item.review.tags).toEqual(["gold advice"]);
  });

  it("refuses outputs of another feature", async () => {
    await expect(tagOutputs(feature.id, { outputIds: ["other:x"], add: ["t"], remove: [] }, "ana@example.com")).rejects.toMatchObject({ status: 404 });
  });
});
