import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backtest, lookbackMinutes, type WindowBacktestRule as BacktestRule } from "./backtest";
import { CONFIDENCE_BINS, MINUTE_MS } from "./buckets";
import type { MinuteCounts } from "./rule-replay";
import { EMPTY_WINDOW, evaluateRule, NO_ALERT, ruleRanges, type AlertMemory, type RuleMetric, type WindowCounts } from "./rules";

const min = MINUTE_MS;
const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
const floor: BacktestRule = { metric: "accuracy_floor", params: { threshold: 0.9 }, windowMinutes: 60, minSamples: 50, action: "pause" };

/** 5 labels a minute from 09:00, all right except 3 of 5 in [badFrom, badTo) minutes after 10:00. */
function series(start: number, length: number, bad: [number, number][]): MinuteCounts[] {
  const out: MinuteCounts[] = [];
  for (let i = -60; i < length; i++) {
    const isBad = bad.some(([a, b]) => i >= a && i < b);
    out.push({ ...EMPTY_WINDOW, minute: start + i, labelled: 5, correct: isBad ? 3 : 5 });
  }
  return out;
}

/**
 * What lib/use-cases/evaluate-alerts.ts does, minute by minute: the window (and baseline) summed directly from
 * the buckets — as its SQL SUM does — and the shared `evaluateRule` with the remembered state.
 */
function liveRun(rule: BacktestRule, minutes: MinuteCounts[], from: number, to: number) {
  const sum = (r: { fromMinute: number; toMinute: number }): WindowCounts => {
    const w: WindowCounts = {
      ...EMPTY_WINDOW,
      bins: Array.from({ length: CONFIDENCE_BINS }, () => ({ n: 0, correct: 0, confidenceSum: 0 })),
    };
    for (const m of minutes) {
      if (m.minute < r.fromMinute || m.minute >= r.toMinute) continue;
      w.labelled += m.labelled;
      w.correct += m.correct;
      w.thumbsUp += m.thumbsUp;
      w.thumbsDown += m.thumbsDown;
      w.criticalTickets += m.criticalTickets;
      m.bins.forEach((b, i) => {
        w.bins[i].n += b.n;
        w.bins[i].correct += b.correct;
        w.bins[i].confidenceSum += b.confidenceSum;
      });
    }
    return w;
  };
  let memory: AlertMemory = NO_ALERT;
  const transitions: { at: number; transition: string; value: number | null; sampleSize: number; message: string }[] = [];
  for (let t = from + min - 1; t < to; t += min) {
    const r = ruleRanges(rule, t);
    const step = evaluateRule(rule, memory, { window: sum(r.window), baseline: r.baseline ? sum(r.baseline) : undefined }, t);
    memory = step.memory;
    if (step.transition)
      transitions.push({
        at: t,
        transition: step.transition,
        value: step.assessment.value,
        sampleSize: step.assessment.sampleSize,
        message: step.assessment.message,
      });
  }
  return transitions;
}

const backtestTransitions = (r: ReturnType<typeof backtest>) =>
  r.alerts.flatMap((a) => [
    { at: a.openedAt, transition: "opened", value: a.opened.value, sampleSize: a.opened.sampleSize, message: a.opened.message },
    ...(a.resolved
      ? [
          {
            at: a.resolvedAt!,
            transition: "resolved",
            value: a.resolved.value,
            sampleSize: a.resolved.sampleSize,
            message: a.resolved.message,
          },
        ]
      : []),
  ]);

describe("backtest of a hand-made series", () => {
  const t0 = Date.parse("2026-11-26T10:00:00Z");
  const start = t0 / min;
  // accuracy 60 % (3 of 5) from 12:00 to 13:00, perfect otherwise; range 10:00–16:00
  const minutes = series(start, 360, [[120, 180]]);
  const result = backtest({ rule: floor, minutes, from: t0, to: t0 + 360 * min, incident: { from: t0 + 120 * min, to: t0 + 180 * min } });

  it("opens at 12:20 and resolves at 14:44, as the evaluator's own lifecycle says", () => {
    expect(result.alerts).toHaveLength(1);
    const [a] = result.alerts;
    expect([hhmm(a.openedAt), hhmm(a.resolvedAt!)]).toEqual(["12:20", "14:44"]);
    // 21 bad minutes in the hour: 258 of 300, Wilson upper bound just under the 90 % floor
    expect(a.opened).toMatchObject({ value: 0.86, sampleSize: 300 });
    expect(a.opened.upper!).toBeLessThan(0.9);
    expect(a.opened.upper!).toBeGreaterThan(0.89);
    expect(a.resolved!.value).toBe(1);
    expect(a.minutes).toBe(145); // 12:20 … 14:44 inclusive
  });

  it("reports the watch minutes before the evidence sufficed (estimate under the floor, interval not yet)", () => {
    // from 12:15 (16 bad minutes: 268/300 = 89.3 %) until the alert opens at 12:20
    expect(result.watch.map((w) => [hhmm(w.from), hhmm(w.to), w.minutes])).toEqual([["12:15", "12:20", 5]]);
  });

  it("summarises: alerts per week, time in alert, detection delay and the pause", () => {
    expect(result.summary).toMatchObject({
      minutes: 360,
      alerts: 1,
      minutesInAlert: 145,
      minutesInWatch: 5,
      wouldPause: true,
      firstPauseAt: result.alerts[0].openedAt,
    });
    expect(result.summary.alertsPerWeek).toBeCloseTo(1 / (360 / (7 * 1440)), 6);
    expect(result.summary.shareInAlert).toBeCloseTo(145 / 360, 9);
    expect(result.incident).toMatchObject({ detected: true, detectionDelayMinutes: 21, wouldPause: true, alertsOutside: 0 });
    expect(result.alerts[0].duringIncident).toBe(true);
  });

  it("draws hourly accuracy with Wilson intervals under the periods", () => {
    expect(result.series).toHaveLength(6);
    expect(result.series[2]).toMatchObject({ start: start + 120, accuracy: { value: 0.6, n: 300 } });
    expect(result.series[0].accuracy.value).toBe(1);
  });

  it("a notify rule reports no pause, and an incident it never saw is a miss", () => {
    const quiet = backtest({
      rule: { ...floor, action: "notify" },
      minutes,
      from: t0,
      to: t0 + 360 * min,
      incident: { from: t0 + 300 * min, to: t0 + 330 * min },
    });
    expect(quiet.summary.wouldPause).toBe(false);
    expect(quiet.incident).toMatchObject({
      detected: false,
      detectedAt: null,
      detectionDelayMinutes: null,
      wouldPause: false,
      alertsOutside: 1,
    });
    expect(quiet.alerts[0].duringIncident).toBe(false);
  });

  it("keeps an alert open at the end of the range and counts its minutes up to the end", () => {
    const cut = backtest({ rule: floor, minutes, from: t0, to: t0 + 150 * min });
    expect(cut.alerts).toEqual([expect.objectContaining({ resolvedAt: null, resolved: null, minutes: 10 })]);
    expect(cut.incident).toBeNull();
  });

  it("needs one window of history before the range (and the baseline for a drop rule)", () => {
    expect(lookbackMinutes(floor)).toBe(60);
    expect(lookbackMinutes({ metric: "accuracy_drop", params: { baselineMinutes: 1440 }, windowMinutes: 60 })).toBe(1500);
  });
});

describe("no flapping, the same live and in replay", () => {
  const t0 = Date.parse("2026-11-26T10:00:00Z");
  const start = t0 / min;
  // A bad hour (11:00–12:00), then a relapse of 20 bad minutes (13:00–13:20) that comes after the
  // clear clock started (12:44) and before a full clear window passed: "watch" is not clear.
  const minutes = series(start, 420, [
    [60, 120],
    [180, 200],
  ]);

  it("keeps one alert through a relapse and resolves only after a full clear window", () => {
    const once = backtest({ rule: floor, minutes: series(start, 420, [[60, 120]]), from: t0, to: t0 + 420 * min });
    expect(once.alerts.map((a) => [hhmm(a.openedAt), hhmm(a.resolvedAt!)])).toEqual([["11:20", "13:44"]]);
    const result = backtest({ rule: floor, minutes, from: t0, to: t0 + 420 * min });
    // the relapse peaks at 20 bad minutes in the window (260/300, upper bound 0.901): watch, not a new alert
    expect(result.alerts.map((a) => [hhmm(a.openedAt), hhmm(a.resolvedAt!)])).toEqual([["11:20", "15:04"]]);
    // only the minutes before the alert opened are "watch": those inside an open alert belong to it
    expect(result.watch.map((w) => [hhmm(w.from), hhmm(w.to)])).toEqual([["11:15", "11:20"]]);
    expect(liveRun(floor, minutes, t0, t0 + 420 * min)).toEqual(backtestTransitions(result));
  });

  it("a flapping series (breach, clear for less than a window, breach …) opens once, live and replayed alike", () => {
    const flapping = series(start, 600, [
      [60, 100],
      [130, 170],
      [200, 240],
      [270, 310],
    ]);
    const result = backtest({ rule: floor, minutes: flapping, from: t0, to: t0 + 600 * min });
    const live = liveRun(floor, flapping, t0, t0 + 600 * min);
    expect(live.filter((t) => t.transition === "opened")).toHaveLength(1);
    expect(live).toEqual(backtestTransitions(result));
  });
});

describe("property: the backtest gives the live evaluator's alerts", () => {
  const metrics: RuleMetric[] = ["accuracy_floor", "accuracy_drop", "thumbs_down_ceiling", "critical_tickets", "overconfidence"];
  const minuteArb = fc.record({
    labelled: fc.integer({ min: 0, max: 8 }),
    wrongShare: fc.double({ min: 0, max: 1, noNaN: true }),
    up: fc.integer({ min: 0, max: 4 }),
    down: fc.integer({ min: 0, max: 4 }),
    critical: fc.integer({ min: 0, max: 1 }),
    bin: fc.integer({ min: 14, max: 19 }),
  });

  it("for random series and rules, minute by minute live equals the replay", () => {
    let withAlerts = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...metrics),
        fc.integer({ min: 5, max: 40 }),
        fc.integer({ min: 0, max: 60 }),
        fc.double({ min: 0.5, max: 0.95, noNaN: true }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 40 }), minuteArb), { minLength: 3, maxLength: 12 }),
        (metric, windowMinutes, minSamples, level, runs) => {
          const t0 = Date.parse("2026-11-26T10:00:00Z");
          const start = t0 / min - 120;
          const minutes: MinuteCounts[] = [];
          let m = start;
          for (const [length, s] of runs) {
            for (let i = 0; i < length; i++, m++) {
              const correct = Math.round(s.labelled * (1 - s.wrongShare));
              const bins = Array.from({ length: CONFIDENCE_BINS }, (_, b) =>
                b === s.bin
                  ? { n: s.labelled, correct, confidenceSum: (s.labelled * (b + 0.5)) / CONFIDENCE_BINS }
                  : { n: 0, correct: 0, confidenceSum: 0 },
              );
              minutes.push({
                minute: m,
                labelled: s.labelled,
                correct,
                thumbsUp: s.up,
                thumbsDown: s.down,
                criticalTickets: s.critical,
                bins,
              });
            }
          }
          const rule: BacktestRule = {
            metric,
            params: { threshold: level, points: 0.05, baselineMinutes: 60, alpha: 0.05, ceiling: 1 - level, count: 2, gap: 0.1 },
            windowMinutes,
            minSamples,
            action: "notify",
          };
          const from = t0;
          const to = m * min;
          if (to <= from) return;
          const result = backtest({ rule, minutes, from, to });
          if (result.alerts.length > 0) withAlerts++;
          // Times, transitions, sample sizes and messages are identical; a value computed from
          // confidence sums may differ in the last bits (prefix-sum differences vs. direct sums,
          // as the live SQL SUM's order differs too), hence 12 digits.
          const digits = (ts: ReturnType<typeof liveRun>) =>
            ts.map((t) => ({ ...t, value: t.value === null ? null : Number(t.value.toPrecision(12)) }));
          expect(digits(backtestTransitions(result))).toEqual(digits(liveRun(rule, minutes, from, to)));
        },
      ),
      { numRuns: 150 },
    );
    expect(withAlerts, "random series that opened alerts").toBeGreaterThan(20);
  });
});
