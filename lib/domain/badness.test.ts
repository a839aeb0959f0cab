import { describe, expect, it } from "vitest";
import { BADNESS_FACTORS, badnessFactors, rankWorst, type BadnessSignals } from "./badness";

const T0 = Date.UTC(2026, 10, 17, 14, 0);

const out = (id: string, over: Partial<BadnessSignals> = {}): BadnessSignals => ({
  id,
  confidence: 0.9,
  at: T0,
  shown: true,
  correct: undefined,
  thumbs: null,
  comment: false,
  tickets: [],
  ...over,
});

describe("badnessFactors", () => {
  it("names each factor with its points", () => {
    expect(badnessFactors(out("a", { correct: false, confidence: 0.95, thumbs: "down", comment: true, tickets: ["high", "low"] }))).toEqual(
      [
        { key: "confidently_wrong", points: 1375 },
        { key: "thumbs_down_confident", points: 475 },
        { key: "ticket", points: 225 },
        { key: "feedback_comment", points: 20 },
        { key: "shown", points: 10 },
      ],
    );
    expect(badnessFactors(out("b", { correct: false, confidence: 0.5, thumbs: "down", shown: false }))).toEqual([
      { key: "wrong_low_confidence", points: 150 },
      { key: "thumbs_down", points: 80 },
    ]);
  });

  it("gives nothing to a correct, liked or unlabelled output, shown or not", () => {
    expect(badnessFactors(out("a", { correct: true, thumbs: "up" }))).toEqual([]);
    expect(badnessFactors(out("b"))).toEqual([]);
  });

  it("caps extra tickets at four", () => {
    const many = badnessFactors(out("a", { shown: false, tickets: ["low", "critical", "low", "low", "low", "low", "low"] }));
    expect(many).toEqual([{ key: "ticket", points: 300 + 4 * 25 }]);
  });

  it("has one sentence for every factor it can produce", () => {
    expect(BADNESS_FACTORS.map((f) => f.key).sort()).toEqual(
      ["confidently_wrong", "thumbs_down_confident", "ticket", "wrong_low_confidence", "thumbs_down", "feedback_comment", "shown"].sort(),
    );
    for (const f of BADNESS_FACTORS) expect(f.sentence).toMatch(/\.$/);
  });
});

describe("rankWorst on a hand-made week", () => {
  const week: BadnessSignals[] = [
    out("liked", { correct: true, thumbs: "up" }),
    out("low-wrong", { correct: false, confidence: 0.55 }),
    out("critical-ticket", { correct: undefined, confidence: 0.7, tickets: ["critical"] }),
    out("down-confident", { thumbs: "down", confidence: 0.92 }),
    out("cw-97", { correct: false, confidence: 0.97 }),
    out("cw-85", { correct: false, confidence: 0.85, shown: false }),
    // The worst possible output that is not confidently wrong still ranks below the mildest one that is.
    out("everything-but-wrong", {
      correct: true,
      confidence: 1,
      thumbs: "down",
      comment: true,
      tickets: ["critical", "critical", "critical", "critical", "critical"],
    }),
    out("cw-80-fallback", { correct: false, confidence: 0.8, shown: false }),
    out("down-low", { thumbs: "down", confidence: 0.4 }),
    out("unlabelled", { confidence: 0.99 }),
  ];

  it("puts confidently wrong first, then thumbs-down with confidence, tickets, low-confidence errors", () => {
    expect(rankWorst(week).map((r) => r.item.id)).toEqual([
      "cw-97",
      "cw-85",
      "cw-80-fallback",
      "everything-but-wrong",
      "down-confident",
      "critical-ticket",
      "low-wrong",
      "down-low",
    ]);
  });

  it("numbers ranks from 1, carries score = sum of factors, and honours the limit", () => {
    const top = rankWorst(week, 3);
    expect(top.map((r) => r.rank)).toEqual([1, 2, 3]);
    for (const r of top) expect(r.score).toBe(r.factors.reduce((s, f) => s + f.points, 0));
    expect(top[0]).toMatchObject({ score: 1425 + 10, factors: [{ key: "confidently_wrong" }, { key: "shown" }] });
    expect(rankWorst(week, 0)).toEqual([]);
  });

  it("breaks ties by confidence, then recency, then id", () => {
    // Same score (150 + 10) whatever the confidence below 0.8: confidence decides, then time, then id.
    const tied = [
      out("b", { correct: false, confidence: 0.6, at: T0 }),
      out("a", { correct: false, confidence: 0.6, at: T0 }),
      out("older", { correct: false, confidence: 0.6, at: T0 - 60_000 }),
      out("newer", { correct: false, confidence: 0.6, at: T0 + 60_000 }),
      out("surer", { correct: false, confidence: 0.7, at: T0 - 3_600_000 }),
    ];
    const ranked = rankWorst(tied);
    expect(new Set(ranked.map((r) => r.score))).toEqual(new Set([160]));
    expect(ranked.map((r) => r.item.id)).toEqual(["surer", "newer", "a", "b", "older"]);
    // Input order does not matter.
    expect(rankWorst([...tied].reverse()).map((r) => r.item.id)).toEqual(ranked.map((r) => r.item.id));
  });

  it("ranks by id in code-unit order, independent of locale", () => {
    const tied = [out("b"), out("B"), out("a")].map((o) => ({ ...o, thumbs: "down" as const }));
    expect(rankWorst(tied).map((r) => r.item.id)).toEqual(["B", "a", "b"]);
  });
});
