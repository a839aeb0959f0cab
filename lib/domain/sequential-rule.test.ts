import { describe, expect, it } from "vitest";
import { Random } from "../demo/random";
import { MINUTE_MS } from "./buckets";
import { binomial } from "./cusum-simulation";
import {
  assessSequential,
  confidentFromBin,
  DAY_MINUTES,
  noSlicesMessage,
  sliceReading,
  shown,
  signalCounts,
  slicesOn,
  type CellCount,
  type SequentialRule,
} from "./sequential-rule";
import { replaySequential } from "./sequential-replay";

const rule: SequentialRule = {
  signal: "accuracy",
  params: { baseline: "history", falseAlarmsPer30d: 1, memoryMinutes: 240 },
  windowMinutes: 30,
  phase: null,
  segment: null,
};

/** Per-minute cells for `days` days: segments with their share of traffic and bad rate (a function of the minute). */
function traffic(opts: {
  days: number;
  perMinute: number;
  segments: [string, number, (minute: number) => number][];
  seed: number;
  phase?: (minute: number) => string;
}) {
  const rng = new Random(opts.seed);
  const minutes: CellCount[] = [];
  const days = new Map<string, CellCount>();
  for (let m = 0; m < opts.days * DAY_MINUTES; m++) {
    for (const [segment, share, bad] of opts.segments) {
      const n = rng.poisson(opts.perMinute * share);
      if (n === 0) continue;
      const k = binomial(rng, n, bad(m));
      const phase = opts.phase?.(m) ?? "full";
      minutes.push({ phase, segment, at: m, n, bad: k });
      const day = Math.floor(m / DAY_MINUTES);
      const key = `${day}/${phase}/${segment}`;
      const d = days.get(key) ?? { phase, segment, at: day, n: 0, bad: 0 };
      d.n += n;
      d.bad += k;
      days.set(key, d);
    }
  }
  return { minutes, days: [...days.values()] };
}

const end = (minute: number) => minute * MINUTE_MS + MINUTE_MS - 1;

describe("sequential rule", () => {
  it("watches each phase, and each segment of a phase that has more than one", () => {
    const days: CellCount[] = [
      { phase: "beta", segment: "internal", at: 9, n: 10, bad: 1 },
      { phase: "full", segment: "a", at: 9, n: 10, bad: 1 },
      { phase: "full", segment: "b", at: 8, n: 10, bad: 1 },
    ];
    expect(slicesOn(rule, days, 10)).toEqual([
      { phase: "beta", segment: null },
      { phase: "full", segment: null },
      { phase: "full", segment: "a" },
      { phase: "full", segment: "b" },
    ]);
    expect(slicesOn({ phase: null, segment: "a" }, days, 10)).toEqual([{ phase: "full", segment: "a" }]);
  });

  it("names a collapsing 10 % segment in its breach, with its rate against its normal", () => {
    const change = 8 * DAY_MINUTES + 600;
    const { minutes, days } = traffic({
      days: 9,
      perMinute: 60,
      seed: 1,
      segments: [
        ["core", 0.9, () => 0.1],
        ["new-market", 0.1, (m) => (m >= change ? 0.5 : 0.1)],
      ],
    });
    const before = assessSequential(rule, days, minutes, end(change - 1));
    expect(before.every((a) => a.status !== "breach")).toBe(true);
    const after = assessSequential(rule, days, minutes, end(change + 20));
    const seg = after.find((a) => a.slice.segment === "new-market")!;
    expect(seg.status).toBe("breach");
    expect(seg.message).toMatch(/^segment new-market \(phase full\): [4-6]\d % \(n = \d+\) vs 90 % normal$/);
  });

  it("says 'not enough data' rather than alerting without a baseline", () => {
    const { minutes, days } = traffic({ days: 1, perMinute: 2, seed: 2, segments: [["default", 1, () => 0.6]] });
    // day 0 has no days before it: the slice is watched but has no normal yet — it cannot breach
    const [first] = assessSequential(rule, days, minutes, end(1000));
    expect(first).toMatchObject({ slice: { phase: "full", segment: null }, status: "insufficient", normal: null });
    // a fixed level knows what bad is from the first minute: 60 % wrong against a 90 % floor breaches
    const floor = { ...rule, params: { ...rule.params, baseline: "fixed" as const, level: 0.9 } };
    expect(assessSequential(floor, days, minutes, end(1000))[0].status).toBe("breach");
    const small = { ...rule, params: { ...rule.params, minBaseline: 10_000 } };
    const { minutes: m2, days: d2 } = traffic({ days: 2, perMinute: 2, seed: 2, segments: [["default", 1, () => 0.6]] });
    const [a] = assessSequential(small, d2, m2, end(DAY_MINUTES + 100));
    expect(a.status).toBe("insufficient");
    expect(a.message).toMatch(/not enough data/);
  });

  it("is honest about low traffic: at 2 labels/min a 10-point drop takes long to detect", () => {
    const { minutes, days } = traffic({ days: 8, perMinute: 2, seed: 3, segments: [["default", 1, () => 0.1]] });
    const [a] = assessSequential(rule, days, minutes, end(7 * DAY_MINUTES + 100));
    expect(a.delay10).toBeGreaterThan(60);
    expect(a.message).toMatch(/at 2 labels\/min a 10-point change takes ~\d+ min to detect at this budget/);
    const fast = traffic({ days: 8, perMinute: 60, seed: 3, segments: [["default", 1, () => 0.1]] });
    const [b] = assessSequential(rule, fast.days, fast.minutes, end(7 * DAY_MINUTES + 100));
    expect(b.delay10).toBeLessThan(10);
    expect(b.message).not.toMatch(/to detect/);
  });

  it("replays minute by minute exactly what the live assessment says, across slices", () => {
    const change = 8 * DAY_MINUTES + 100;
    const { minutes, days } = traffic({
      days: 9,
      perMinute: 20,
      seed: 4,
      segments: [
        ["a", 0.7, (m) => (m >= change ? 0.3 : 0.1)],
        ["b", 0.3, () => 0.08],
      ],
    });
    const from = end(change - 200) - (MINUTE_MS - 1);
    const to = from + 600 * MINUTE_MS;
    const replay = replaySequential(rule, days, minutes, from, to);
    expect(replay.events.some((e) => e.transition === "opened" && e.sliceId === "phase:full/segment:a")).toBe(true);
    for (const { at, status } of replay.statuses) {
      const live = assessSequential(rule, days, minutes, at);
      const rank = { insufficient: 0, ok: 0, watch: 1, breach: 2 } as const;
      const worst = live.reduce((w, a) => (rank[a.status] > rank[w] ? a.status : w), "ok" as keyof typeof rank);
      expect(status === "insufficient" ? "ok" : status).toBe(worst === "insufficient" ? "ok" : worst);
    }
  });

  describe("against the previous phase", () => {
    const phases = ["early", "gradual"];
    const prevRule: SequentialRule = { ...rule, params: { ...rule.params, baseline: "previous_phase" }, phases };
    // early-access for 9 days at 95 %, then two quiet days, then gradual from day 11 (at 92 % in segment a; b collapses on day 12)
    const entered = 11 * DAY_MINUTES;
    const change = 12 * DAY_MINUTES + 200;
    const data = traffic({
      days: 13,
      perMinute: 20,
      seed: 5,
      phase: (m) => (m < 9 * DAY_MINUTES ? "early" : m < entered ? "none" : "gradual"),
      segments: [
        ["a", 0.7, (m) => (m < entered ? 0.05 : 0.08)],
        ["b", 0.3, (m) => (m >= change ? 0.4 : 0.05)],
      ],
    });
    const days = data.days.filter((c) => c.phase !== "none");
    const minutes = data.minutes.filter((c) => c.phase !== "none");

    it("takes the slice's normal from the phase before it in the plan, over that phase's last days with traffic", () => {
      const live = assessSequential(prevRule, days, minutes, end(entered + 300));
      const gradual = live.find((a) => a.slice.phase === "gradual" && a.slice.segment === null)!;
      expect(gradual.status).not.toBe("insufficient");
      expect(gradual.normal).toBeCloseTo(0.05, 2);
      expect(gradual.message).toMatch(/vs 95 % normal \(in phase early\)/);
      const segB = live.find((a) => a.slice.phase === "gradual" && a.slice.segment === "b")!;
      expect(segB.normal).toBeCloseTo(0.05, 1);
      // 8 % wrong against 5 % normal at 14 labels/min: the statistic sees it within the day
      expect(
        assessSequential(prevRule, days, minutes, end(entered + 1000)).find((a) => a.slice.phase === "gradual" && a.slice.segment === "a")!
          .status,
      ).toBe("breach");
    });

    it("says 'not enough data' for the first phase, a phase the plan does not know, and a previous phase with too little traffic", () => {
      const first = assessSequential({ ...prevRule, phases: ["gradual"] }, days, minutes, end(entered + 300));
      expect(first.every((a) => a.status === "insufficient" && a.normal === null)).toBe(true);
      const unknown = assessSequential({ ...prevRule, phases: undefined }, days, minutes, end(entered + 300));
      expect(unknown.every((a) => a.status === "insufficient")).toBe(true);
      const thin = assessSequential(
        { ...prevRule, params: { ...prevRule.params, minBaseline: 1_000_000 } },
        days,
        minutes,
        end(entered + 300),
      );
      expect(thin.every((a) => a.status === "insufficient")).toBe(true);
    });

    it("replays minute by minute exactly what the live assessment says, across slices, days and the collapse", () => {
      // from the evening before the collapse's day (the slice gains its own traffic rate at midnight) past it
      const from = end(12 * DAY_MINUTES - 100) - (MINUTE_MS - 1);
      const to = from + 500 * MINUTE_MS;
      const replay = replaySequential(prevRule, days, minutes, from, to);
      expect(replay.events.some((e) => e.transition === "opened" && e.sliceId === "phase:gradual/segment:b")).toBe(true);
      expect(replay.events.find((e) => e.sliceId === "phase:gradual/segment:b")!.assessment.message).toMatch(/\(in phase early\)$/);
      const rank = { insufficient: 0, ok: 0, watch: 1, breach: 2 } as const;
      for (const { at, status } of replay.statuses) {
        const live = assessSequential(prevRule, days, minutes, at);
        const worst = live.reduce((w, a) => (rank[a.status] > rank[w] ? a.status : w), "ok" as keyof typeof rank);
        expect(status === "insufficient" ? "ok" : status).toBe(worst === "insufficient" ? "ok" : worst);
      }
    });
  });

  describe("confidently wrong (the overconfidence signal)", () => {
    const totals = { outputs: 50, labelled: 30, correct: 25, thumbsUp: 0, thumbsDown: 0, criticalTickets: 0 };
    // 20 bins of 0.05: 10 labels at 0.50–0.55 (4 right), 12 at 0.90–0.95 (10 right), 8 at 0.95–1 (7 right)
    const bins = Array.from({ length: 20 }, () => ({ labelled: 0, correct: 0 }));
    bins[10] = { labelled: 10, correct: 4 };
    bins[18] = { labelled: 12, correct: 10 };
    bins[19] = { labelled: 8, correct: 7 };

    it("counts the labelled answers at or above the phase's threshold, and those that were wrong", () => {
      expect([0.8, 0.85, 0.9, 0.95, 0.92, 0].map(confidentFromBin)).toEqual([16, 17, 18, 19, 18, 0]);
      expect(signalCounts("confident_wrong", totals, bins, confidentFromBin(0.9))).toEqual({ n: 20, bad: 3 });
      expect(signalCounts("confident_wrong", totals, bins, confidentFromBin(0.95))).toEqual({ n: 8, bad: 1 });
      expect(signalCounts("confident_wrong", totals, bins, confidentFromBin(0.5))).toEqual({ n: 30, bad: 9 });
      // the other signals do not read the bins
      expect(signalCounts("accuracy", totals, bins)).toEqual({ n: 30, bad: 5 });
    });

    it("alerts when the confident-wrong share rises above its normal, in words", () => {
      const change = 8 * DAY_MINUTES + 300;
      const { minutes, days } = traffic({ days: 9, perMinute: 30, seed: 6, segments: [["default", 1, (m) => (m >= change ? 0.2 : 0.05)]] });
      const confident: SequentialRule = { ...rule, signal: "confident_wrong" };
      expect(assessSequential(confident, days, minutes, end(change - 1))[0].status).not.toBe("breach");
      const [a] = assessSequential(confident, days, minutes, end(change + 30));
      expect(a.status).toBe("breach");
      expect(a.message).toMatch(/^phase full: \d+ % of confident answers wrong \(n = \d+\) vs 5 % of confident answers wrong normal$/);
      expect(shown("confident_wrong", 0.125)).toBe("13 % of confident answers wrong");
    });
  });

  describe("the judge's stream", () => {
    const totals = { outputs: 60, labelled: 60, correct: 50, thumbsUp: 0, thumbsDown: 0, criticalTickets: 0 };

    it("counts the outputs the judge graded and those it said wrong, people's labels aside", () => {
      expect(signalCounts("judge", { ...totals, judged: 58, judgedCorrect: 47 })).toEqual({ n: 58, bad: 11 });
      // a feature without a judge: no trials
      expect(signalCounts("judge", totals)).toEqual({ n: 0, bad: 0 });
      expect(signalCounts("judge", { ...totals, judged: 0, judgedCorrect: 0 })).toEqual({ n: 0, bad: 0 });
    });

    it("leaves the judge's lone verdicts out of the accuracy signal: people's verdicts only (issue 23)", () => {
      // 60 labelled, 50 correct; 54 of them the judge's alone, 44 of which it said correct: people 6 labelled, 0 wrong
      expect(signalCounts("accuracy", { ...totals, judged: 60, judgedCorrect: 48, judgeLabelled: 54, judgeLabelledCorrect: 44 })).toEqual({
        n: 6,
        bad: 0,
      });
      // every verdict the judge's alone: no trials, however low it reads
      expect(signalCounts("accuracy", { ...totals, judgeLabelled: 60, judgeLabelledCorrect: 50 })).toEqual({ n: 0, bad: 0 });
      // no judge: every labelled output counts, as before
      expect(signalCounts("accuracy", { ...totals, judgeLabelled: 0, judgeLabelledCorrect: 0 })).toEqual({ n: 60, bad: 10 });
    });

    it("alerts when the judge's correct share falls below its normal, read as accuracy", () => {
      // a judge on every output (1/s) that agrees with people on 90 %: 82 % → 74 % judged correct for a 90 → 80 % drop
      const change = 8 * DAY_MINUTES + 300;
      const { minutes, days } = traffic({
        days: 9,
        perMinute: 60,
        seed: 7,
        segments: [["default", 1, (m) => (m >= change ? 0.26 : 0.18)]],
      });
      const judge: SequentialRule = { ...rule, signal: "judge" };
      expect(assessSequential(judge, days, minutes, end(change - 1))[0].status).not.toBe("breach");
      const [a] = assessSequential(judge, days, minutes, end(change + 30));
      expect(a.status).toBe("breach");
      expect(a.message).toMatch(/^phase full: \d+ % correct by the judge \(n = \d+\) vs 82 % correct by the judge normal$/);
      const reading = sliceReading("judge", a);
      expect(reading.value).toBeCloseTo(1 - a.recent!, 10);
      expect(reading.lower!).toBeLessThan(reading.value!);
    });

    it("a fixed level is a floor on the judge's correct share", () => {
      const { minutes, days } = traffic({ days: 2, perMinute: 60, seed: 8, segments: [["default", 1, () => 0.4]] });
      const floor: SequentialRule = { ...rule, signal: "judge", params: { baseline: "fixed", level: 0.8, falseAlarmsPer30d: 1 } };
      const [a] = assessSequential(floor, days, minutes, end(DAY_MINUTES + 60));
      expect(a.normal).toBeCloseTo(0.2, 10);
      expect(a.status).toBe("breach");
    });

    it("watches nothing on a feature with no judge, and says so", () => {
      const judge: SequentialRule = { ...rule, signal: "judge" };
      expect(assessSequential(judge, [], [], end(DAY_MINUTES))).toEqual([]);
      expect(noSlicesMessage("judge")).toMatch(/no judge .* no trials/);
      expect(noSlicesMessage("accuracy")).toMatch(/not enough data/);
    });
  });
});
