import { describe, expect, it } from "vitest";
import { badnessScore, compareWorst, rankWorst } from "./badness";
import { failureGroupKey } from "./failure-groups";
import { collectCandidateSignals, worstCandidateOf, worstCandidates, type CandidateSignalRow } from "./worst-candidate";

const row = (over: Partial<CandidateSignalRow> = {}): CandidateSignalRow => ({
  id: "f:a",
  featureId: "f",
  input: "Should I buy gold?",
  output: "Buy 20 % gold",
  unit: "u1",
  segment: "beta",
  phase: "early",
  confidence: 0.9,
  at: 1_000n,
  shown: 1,
  source: null,
  correct: null,
  thumbs: null,
  comment: null,
  ticketId: null,
  severity: null,
  ...over,
});

describe("worst candidate rows", () => {
  it("gathers one output's label × ticket rows into its signals, with the effective verdict", () => {
    const [c] = collectCandidateSignals([
      row({ source: "heuristic", correct: 0, ticketId: "t1", severity: "low" }),
      row({ source: "human", correct: 1, ticketId: "t1", severity: "low" }),
      row({ source: "heuristic", correct: 0, ticketId: "t2", severity: "critical" }),
      row({ source: "human", correct: 1, ticketId: "t2", severity: "critical" }),
    ]);
    expect(c).toMatchObject({ id: "f:a", at: 1000, shown: true, correct: true, tickets: ["low", "critical"], comment: false });
  });

  it("holds the score the ranking gives and the group key the grouping uses", () => {
    const rows = [row({ source: "human", correct: false, thumbs: "down", comment: "no" })];
    const [signals] = collectCandidateSignals(rows);
    const [ranked] = rankWorst([signals], 1);
    expect(worstCandidateOf(signals)).toEqual({
      outputId: "f:a",
      featureId: "f",
      at: 1000,
      score: ranked.score,
      confidence: 0.9,
      groupKey: failureGroupKey(signals),
      phase: "early",
      segment: "beta",
      unit: "u1",
    });
    expect(ranked.score).toBe(1250 + 450 + 20 + 10);
    expect(badnessScore(ranked.factors)).toBe(ranked.score);
  });

  it("an output nothing bad is known about has no row (and is listed to delete)", () => {
    const rows = [row({ id: "f:ok", source: "human", correct: true, thumbs: "up" }), row({ id: "f:bad", thumbs: "down" })];
    expect(worstCandidates(rows)).toMatchObject({ rows: [{ outputId: "f:bad", score: 450 + 10 }], absent: ["f:ok"] });
  });

  it("outputs without text are their own group; duplicates share one key", () => {
    const [a, b, c] = collectCandidateSignals([
      row({ id: "f:1", thumbs: "down", input: "Gold at 1 200?", output: "Yes" }),
      row({ id: "f:2", thumbs: "down", input: "gold at 1 350?  ", output: "yes" }),
      row({ id: "f:3", thumbs: "down", input: null, output: null }),
    ]);
    expect(worstCandidateOf(a)!.groupKey).toBe(worstCandidateOf(b)!.groupKey);
    expect(worstCandidateOf(c)!.groupKey).toBe("id:f:3");
  });

  it("orders worst first: score, then confidence, then the newer output, then id", () => {
    const x = { score: 100, confidence: 0.9, at: 5, id: "b" };
    expect(compareWorst(x, { ...x, score: 101 })).toBeGreaterThan(0);
    expect(compareWorst(x, { ...x, confidence: 0.8 })).toBeLessThan(0);
    expect(compareWorst(x, { ...x, at: 6 })).toBeGreaterThan(0);
    expect(compareWorst(x, { ...x, id: "a" })).toBeGreaterThan(0);
    expect(compareWorst(x, { ...x })).toBe(0);
  });
});
