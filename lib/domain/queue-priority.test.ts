import { describe, expect, it } from "vitest";
import { entryFlags, flagsOf, judgeAlertNote, queuePriority, reasonsOf } from "./queue-priority";

const H = 3_600_000;
const NOW = Date.parse("2026-11-29T12:00:00Z");

describe("queue priority", () => {
  it("orders by time when nothing else is known", () => {
    const sampled = entryFlags({ confidence: 0.5, askedByProduct: false });
    expect(reasonsOf(sampled)).toEqual(["sampled"]);
    expect(queuePriority(NOW - H, sampled)).toBeGreaterThan(queuePriority(NOW - 2 * H, sampled));
    expect(queuePriority(NOW, sampled)).toBe(NOW);
  });

  it("puts a thumbs-down from this morning before an unflagged output from this afternoon; nothing older than a day before a fresh confident answer", () => {
    const plain = entryFlags({ confidence: 0.5, askedByProduct: true });
    const down = plain | flagsOf(["thumbs_down"]);
    expect(queuePriority(NOW - 6 * H, down)).toBeGreaterThan(queuePriority(NOW - H, plain));
    expect(queuePriority(NOW - 21 * 24 * H, down | flagsOf(["ticket"]))).toBeLessThan(queuePriority(NOW - 24 * H, plain));
    const everything = flagsOf(["confident", "judge_wrong", "thumbs_down", "ticket", "critical_ticket"]);
    expect(queuePriority(NOW - 24 * H - 1, everything)).toBeLessThan(
      queuePriority(NOW - 2 * H, entryFlags({ confidence: 0.95, askedByProduct: false })),
    );
  });

  it("serves confidently wrong (a judge says wrong at high confidence) first", () => {
    const confident = entryFlags({ confidence: 0.97, askedByProduct: false });
    expect(reasonsOf(confident)).toEqual(["confident", "sampled"]);
    const confidentlyWrong = confident | flagsOf(["judge_wrong"]);
    const unsureWrong = entryFlags({ confidence: 0.6, askedByProduct: false }) | flagsOf(["judge_wrong"]);
    const down = entryFlags({ confidence: 0.6, askedByProduct: false }) | flagsOf(["thumbs_down"]);
    // same output time: confidently wrong > wrong at low confidence = thumbs down > confident > plain
    expect(queuePriority(NOW, confidentlyWrong) - NOW).toBe((12 + 3 + 6) * H);
    expect(queuePriority(NOW, unsureWrong) - NOW).toBe(12 * H);
    expect(queuePriority(NOW, down) - NOW).toBe(12 * H);
    expect(queuePriority(NOW, confident) - NOW).toBe(3 * H);
    expect(queuePriority(NOW, flagsOf(["critical_ticket", "ticket"])) - NOW).toBe(24 * H);
    expect(queuePriority(NOW, flagsOf(["critical_ticket", "ticket", "thumbs_down"])) - NOW).toBe(24 * H); // capped
  });

  it("round-trips reasons through the stored bits", () => {
    const f = flagsOf(["ticket", "sampled", "judge_wrong"]);
    expect(reasonsOf(f)).toEqual(["judge_wrong", "ticket", "sampled"]);
    expect(flagsOf([])).toBe(0);
  });

  it("an output sent to confirm a judge's alert earns the whole head start, and the alert says so", () => {
    const f = flagsOf(["confirm_alert", "judge_wrong"]);
    expect(reasonsOf(f)).toEqual(["confirm_alert", "judge_wrong"]);
    expect(queuePriority(NOW, f) - NOW).toBe(24 * H);
    expect(judgeAlertNote(50)).toBe(
      "on the judge's verdicts, not yet confirmed by people: the slice's latest 50 judged-wrong outputs are first in the review queue",
    );
    expect(judgeAlertNote(1)).toMatch(/latest 1 judged-wrong output is first/);
    expect(judgeAlertNote(0)).toMatch(/^on the judge's verdicts, not yet confirmed by people \(no judged-wrong output/);
  });
});
