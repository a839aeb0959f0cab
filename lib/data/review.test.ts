import { beforeAll, describe, expect, it } from "vitest";
import { weekStart, WEEK_MS } from "../domain/review-range";
import { ZSaveReview } from "../schemas/review";
import { givenFeature } from "../testing/fixtures";
import { ingestEvents } from "../use-cases/ingest";
import { outputsWithTag, saveReview, tagPatterns, tagSuggestions, worstOutputs } from "./review";

const T0 = Date.parse("2026-11-17T14:00:00Z"); // a Tuesday
const NOW = T0 + 2 * 86_400_000;
const MIN = 60_000;
let feature: { id: string };
const range = { from: T0 - 86_400_000, to: T0 + 86_400_000, limit: 20 };
const id = (clientId: string) => `${feature.id}:${clientId}`;
const save = (clientId: string, tags: string[], note = "", reviewed = false, by = "ana@example.com", now = NOW) =>
  saveReview(feature.id, ZSaveReview.parse({ featureKey: "review-test", outputId: id(clientId), tags, note, reviewed }), by, now);

beforeAll(async () => {
  feature = await givenFeature("review-test", "gradual");
  const out = (cid: string, confidence: number, minute: number, extra: Record<string, unknown> = {}) => ({
    type: "output", feature: "review-test", id: cid, confidence, timestamp: T0 + minute * MIN, input: `question ${cid}`, output: `answer ${cid}`, ...extra,
  });
  const label = (cid: string, correct: boolean, source = "ground_truth") => ({ type: "label", feature: "review-test", outputId: cid, correct, source });
  await ingestEvents(
    [
      out("cw", 0.97, 1, { inputType: "sql", model: "m1", segment: "beta" }),
      out("down", 0.9, 2),
      out("ticket", 0.6, 3),
      out("low", 0.5, 4),
      out("fine", 0.99, 5),
      out("overruled", 0.95, 6),
      out("last-week", 0.99, -3 * 24 * 60),
      label("cw", false, "human"),
      label("low", false),
      label("fine", true),
      label("overruled", false, "human"),
      label("overruled", true, "ground_truth"), // ground truth outranks the human verdict
      label("last-week", false),
      { type: "feedback", feature: "review-test", outputId: "down", value: "down", comment: "<b>wrong</b> total" },
      { type: "feedback", feature: "review-test", outputId: "cw", value: "down" },
      { type: "ticket", feature: "review-test", id: "t1", outputId: "ticket", severity: "critical", subject: "Lost money" },
      { type: "ticket", feature: "review-test", id: "t2", outputId: "ticket", severity: "low" },
    ],
    NOW,
  );
});

describe("worstOutputs", () => {
  it("ranks the range's bad outputs with everything a reviewer reads", async () => {
    const items = await worstOutputs(feature.id, range);
    expect(items.map((i) => i.clientId)).toEqual(["cw", "down", "ticket", "low"]);
    expect(items[0]).toMatchObject({
      rank: 1,
      score: 1425 + 485 + 10,
      factors: [{ key: "confidently_wrong" }, { key: "thumbs_down_confident" }, { key: "shown" }],
      input: "question cw",
      output: "answer cw",
      inputType: "sql",
      model: "m1",
      segment: "beta",
      phase: "gradual",
      labels: [{ source: "human", correct: false }],
      feedback: { value: "down", comment: null },
    });
    expect(items[1].feedback?.comment).toBe("<b>wrong</b> total"); // stored and returned as text
    expect(items[2].tickets.map((t) => [t.id, t.severity, t.subject])).toEqual([
      ["t1", "critical", "Lost money"],
      ["t2", "low", null],
    ]);
    expect(items[2].score).toBe(300 + 25); // shown=false: 0.6 is below the gradual threshold
  });

  it("honours the limit and the range", async () => {
    expect((await worstOutputs(feature.id, { ...range, limit: 2 })).map((i) => i.clientId)).toEqual(["cw", "down"]);
    expect((await worstOutputs(feature.id, { from: T0 - 7 * 86_400_000, to: T0 - 86_400_000, limit: 20 })).map((i) => i.clientId)).toEqual(["last-week"]);
    expect(await worstOutputs(feature.id, { from: NOW, to: NOW + 1000, limit: 20 })).toEqual([]);
  });
});

describe("review tags and notes", () => {
  it("keeps tags (normalised, deduplicated), note and reviewer; replaces tags on the next save", async () => {
    await save("cw", ["Market  Volatility", "market volatility", "hallucinated number"], "Sell-off ignored", true);
    let [cw] = await worstOutputs(feature.id, { ...range, limit: 1 });
    expect(cw.review).toMatchObject({ tags: expect.arrayContaining(["market volatility", "hallucinated number"]), note: "Sell-off ignored", reviewed: true, reviewedBy: "ana@example.com" });
    expect(cw.review.tags).toHaveLength(2);

    // Someone else edits later: the first reviewer stays, tags are replaced.
    await save("cw", ["market volatility"], "Sell-off ignored; see ticket", true, "ben@example.com", NOW + 1000);
    [cw] = await worstOutputs(feature.id, { ...range, limit: 1 });
    expect(cw.review).toMatchObject({ tags: ["market volatility"], reviewed: true, reviewedBy: "ana@example.com", reviewedAt: NOW });

    await save("cw", ["market volatility"], "", false, "ben@example.com");
    [cw] = await worstOutputs(feature.id, { ...range, limit: 1 });
    expect(cw.review).toMatchObject({ reviewed: false, reviewedBy: null, note: "" });
  });

  it("refuses an output of another feature", async () => {
    const other = await givenFeature("review-other", "gradual");
    await ingestEvents([{ type: "output", feature: "review-other", id: "o1", confidence: 0.5 }], NOW);
    await expect(
      saveReview(feature.id, ZSaveReview.parse({ featureKey: "review-test", outputId: `${other.id}:o1`, tags: ["x"], note: "", reviewed: true }), "ana@example.com"),
    ).rejects.toMatchObject({ status: 404 });
  });

  it("suggests earlier tags (most used first) and counts tags per week", async () => {
    await save("down", ["sql join", "market volatility"]);
    await save("last-week", ["sql join"]);
    expect((await tagSuggestions(feature.id)).slice(0, 2)).toEqual(["market volatility", "sql join"]);

    const patterns = await tagPatterns(feature.id, NOW, 3);
    const thisWeek = weekStart(T0);
    expect(patterns.weeks).toEqual([thisWeek - 2 * WEEK_MS, thisWeek - WEEK_MS, thisWeek]);
    expect(patterns.tags).toEqual([
      { tag: "market volatility", total: 2, counts: [0, 0, 2] },
      { tag: "sql join", total: 2, counts: [0, 1, 1] },
    ]);

    const tagged = await outputsWithTag(feature.id, "sql join");
    expect(tagged.map((t) => t.clientId)).toEqual(["down", "last-week"]);
  });
});
