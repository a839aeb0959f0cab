import { describe, expect, it } from "vitest";
import { judgeAgreement } from "./agreement";
import { digestText, topPatterns, trendOf } from "./digest";

const WEEK = Date.parse("2026-11-23T00:00:00Z");

describe("weekly digest", () => {
  it("gives each pattern its trend against the week before", () => {
    expect([trendOf(3, 0), trendOf(3, 1), trendOf(1, 3), trendOf(2, 2), trendOf(0, 0)]).toEqual(["new", "up", "down", "flat", "flat"]);
    expect(
      topPatterns([
        { tag: "b", thisWeek: 2, lastWeek: 5 },
        { tag: "a", thisWeek: 2, lastWeek: 0 },
        { tag: "gone", thisWeek: 0, lastWeek: 9 },
        { tag: "c", thisWeek: 7, lastWeek: 1 },
      ]),
    ).toEqual([
      { tag: "c", thisWeek: 7, lastWeek: 1, trend: "up" },
      { tag: "a", thisWeek: 2, lastWeek: 0, trend: "new" },
      { tag: "b", thisWeek: 2, lastWeek: 5, trend: "down" },
    ]);
  });

  it("writes Slack mrkdwn with counts, patterns, judge agreement and sign-offs, user text escaped", () => {
    const text = digestText({
      featureName: "Portfolio <advisor>",
      week: WEEK,
      patterns: [
        { tag: "ignores market move", thisWeek: 6, lastWeek: 2 },
        { tag: "a & b", thisWeek: 1, lastWeek: 0 },
      ],
      reviewed: 120,
      open: 14,
      agreement: judgeAgreement({ agreeCorrect: 20, judgeSaysWrong: 5, judgeSaysCorrect: 10, agreeWrong: 15 }),
      signedOffBy: ["ana@example.com"],
    });
    expect(text.split("\n")).toEqual([
      "*Weekly review: Portfolio &lt;advisor&gt;, week of 2026-11-23*",
      "Reviewed 120 outputs; 14 still open in the queue.",
      "Top patterns:",
      "• ignores market move: 6 (up from 2)",
      "• a &amp; b: 1 (new this week)",
      "Judge agreement: 70.0 % (95 % CI 56.2–80.9 %), κ 0.40 (0.15 to 0.65), n = 50.",
      "Signed off by ana@example.com.",
    ]);
  });

  it("says plainly what is missing", () => {
    const text = digestText({ featureName: "X", week: WEEK, patterns: [], reviewed: 1, open: 0, agreement: null, signedOffBy: [] });
    expect(text).toContain("Reviewed 1 output; 0 still open");
    expect(text).toContain("No failure pattern tagged this week.");
    expect(text).toContain("Judge agreement: no output labelled by both");
    expect(text).toContain("Not signed off yet.");
  });
});
