import { describe, expect, it } from "vitest";
import { MinuteSeries, replayRule, type MinuteCounts } from "./rule-replay";
import { assessRule, EMPTY_WINDOW, evaluateRule, NO_ALERT, ruleRanges, type RuleDefinition, type WindowCounts } from "./rules";
import { costOf, parseModelPrices } from "./cost";

const floor: RuleDefinition = { metric: "accuracy_floor", params: { threshold: 0.9 }, windowMinutes: 60, minSamples: 50 };
const labels = (correct: number, labelled: number): WindowCounts => ({ ...EMPTY_WINDOW, labelled, correct });

describe("accuracy floor", () => {
  it("opens only when the Wilson upper bound is below the floor with enough labels", () => {
    expect(assessRule(floor, labels(80, 100))).toMatchObject({ status: "breach", sampleSize: 100, value: 0.8 });
    expect(assessRule(floor, labels(80, 100)).upper).toBeCloseTo(0.8666, 3);
  });

  it("shows 'watch', not an alert, for a bad point estimate on 10 labels", () => {
    expect(assessRule(floor, labels(8, 10)).status).toBe("watch");
  });

  it("shows 'watch' when the interval still reaches the floor (85/100 vs 0.88)", () => {
    expect(assessRule({ ...floor, params: { threshold: 0.88 } }, labels(85, 100)).status).toBe("watch");
  });

  it("is quiet without labels and when accuracy is above the floor", () => {
    expect(assessRule(floor, labels(0, 0)).status).toBe("ok");
    expect(assessRule(floor, labels(95, 100)).status).toBe("ok");
  });
});

describe("accuracy drop (pooled two-proportion test against the trailing baseline)", () => {
  const drop: RuleDefinition = { metric: "accuracy_drop", params: { points: 0.05, alpha: 0.01 }, windowMinutes: 60, minSamples: 50 };

  it("opens on 80/100 against 900/1000 (p = 0.0011)", () => {
    const a = assessRule(drop, labels(80, 100), labels(900, 1000));
    expect(a.status).toBe("breach");
    expect(a.message).toMatch(/-10\.0 points, p = 0\.0011/);
  });

  it("watches a 5-point drop that is not significant at 1 % (170/200 vs 1800/2000, p = 0.014)", () => {
    expect(assessRule(drop, labels(170, 200), labels(1800, 2000)).status).toBe("watch");
  });

  it("ignores a drop smaller than the rule's points (44/50 vs 460/500)", () => {
    expect(assessRule(drop, labels(44, 50), labels(460, 500)).status).toBe("ok");
  });
});

describe("thumbs down, critical tickets, overconfidence", () => {
  it("opens a thumbs-down ceiling only when the lower bound is above it", () => {
    const rule: RuleDefinition = { metric: "thumbs_down_ceiling", params: { ceiling: 0.2 }, windowMinutes: 60, minSamples: 30 };
    expect(assessRule(rule, { ...EMPTY_WINDOW, thumbsDown: 30, thumbsUp: 70 }).status).toBe("breach");
    expect(assessRule(rule, { ...EMPTY_WINDOW, thumbsDown: 3, thumbsUp: 7 }).status).toBe("watch");
  });

  it("counts critical tickets against N", () => {
    const rule: RuleDefinition = { metric: "critical_tickets", params: { count: 3 }, windowMinutes: 60, minSamples: 0 };
    expect(assessRule(rule, { ...EMPTY_WINDOW, criticalTickets: 3 }).status).toBe("breach");
    expect(assessRule(rule, { ...EMPTY_WINDOW, criticalTickets: 1 }).status).toBe("watch");
    expect(assessRule(rule, EMPTY_WINDOW).status).toBe("ok");
  });

  it("catches the market shock: confidence 0.975, accuracy 0.70", () => {
    const rule: RuleDefinition = { metric: "overconfidence", params: { gap: 0.1 }, windowMinutes: 60, minSamples: 50 };
    const shock = { ...EMPTY_WINDOW, bins: [{ n: 100, correct: 70, confidenceSum: 97.5 }] };
    const a = assessRule(rule, shock);
    expect(a.status).toBe("breach");
    expect(a.value).toBeCloseTo(0.275, 6);
    const calm = { ...EMPTY_WINDOW, bins: [{ n: 100, correct: 94, confidenceSum: 96.5 }] };
    expect(assessRule(rule, calm).status).toBe("ok");
  });

  it("says the same figures for one window summed two ways (live SQL sum, backtest prefix-sum difference)", () => {
    const rule: RuleDefinition = { metric: "overconfidence", params: { gap: 0.1 }, windowMinutes: 8, minSamples: 0 };
    // the CI counterexample: 16 labelled outputs, confidences 0.99 and 0.794, one sum 4e-15 above the other
    const live = assessRule(rule, { ...EMPTY_WINDOW, bins: [{ n: 16, correct: 10, confidenceSum: 14.664 }] });
    const replay = assessRule(rule, { ...EMPTY_WINDOW, bins: [{ n: 16, correct: 10, confidenceSum: 14.664000000000003 }] });
    expect(replay.message).toBe(live.message);
    expect(replay.value).toBe(live.value);
  });

  it("can open on ECE alone", () => {
    const rule: RuleDefinition = { metric: "overconfidence", params: { gap: 0.5, ece: 0.04 }, windowMinutes: 60, minSamples: 50 };
    const bins = [
      { n: 100, correct: 90, confidenceSum: 95 },
      { n: 50, correct: 40, confidenceSum: 37.5 },
      { n: 20, correct: 10, confidenceSum: 11 },
    ]; // ECE 0.05 (CONVENTIONS.md)
    expect(assessRule(rule, { ...EMPTY_WINDOW, bins }).status).toBe("breach");
  });
});

describe("alert lifecycle without flapping", () => {
  const t0 = Date.parse("2026-11-26T10:00:30Z");
  const min = 60_000;

  it("opens on breach, stays open while clearing, resolves only after a full clear window", () => {
    let memory = NO_ALERT;
    const step = (c: number, n: number, t: number) => {
      const r = evaluateRule(floor, memory, { window: labels(c, n) }, t);
      memory = r.memory;
      return r.transition;
    };
    expect(step(70, 100, t0)).toBe("opened");
    expect(step(70, 100, t0 + min)).toBe(null); // still bad: no second alert
    expect(step(97, 100, t0 + 2 * min)).toBe(null); // clear, clock starts
    expect(step(85, 100, t0 + 30 * min)).toBe(null); // "watch" is not clear: clock resets
    expect(step(97, 100, t0 + 31 * min)).toBe(null);
    expect(step(97, 100, t0 + 90 * min)).toBe(null); // 59 minutes clear
    expect(step(97, 100, t0 + 91 * min)).toBe("resolved");
    expect(memory).toEqual(NO_ALERT);
  });

  it("replays a hand-made series: healthy, a drop at 12:00, recovery at 13:00", () => {
    const start = Date.parse("2026-11-26T10:00:00Z") / min;
    const minutes: MinuteCounts[] = [];
    for (let m = start; m < start + 300; m++) {
      const bad = m >= start + 120 && m < start + 180;
      minutes.push({ ...EMPTY_WINDOW, minute: m, labelled: 5, correct: bad ? 3 : 5 });
    }
    const series = new MinuteSeries(start - 60, start + 300, minutes);
    const { events } = replayRule(floor, series, (start + 60) * min, (start + 300) * min);
    expect(events.map((e) => [e.transition, new Date(e.at).toISOString().slice(11, 16)])).toEqual([
      ["opened", "12:20"], // 21 bad minutes in the window: 258/300, upper bound 0.899 < 0.9 (at 12:19 it is 0.903)
      ["resolved", "14:44"], // accuracy is back at 0.9 from 13:44 (15 bad minutes left); then a full clear window
    ]);
  });
});

describe("judge_agreement_drop", () => {
  const rule = { metric: "judge_agreement_drop" as const, params: { points: 0.05, alpha: 0.01 }, windowMinutes: 1440, minSamples: 30 };
  const cells = (agree: number, disagree: number) => ({
    agreeCorrect: agree,
    agreeWrong: 0,
    judgeSaysWrong: disagree,
    judgeSaysCorrect: 0,
  });
  const counts = (w: ReturnType<typeof cells>, b: ReturnType<typeof cells>) =>
    [
      { ...EMPTY_WINDOW, judge: w },
      { ...EMPTY_WINDOW, judge: b },
    ] as const;

  it("breaches when agreement falls significantly below the baseline, with κ in the message", () => {
    // window 80 / 100 vs baseline 900 / 1000: z = −3.0584, p = 0.00111 (the reference table)
    const a = assessRule(rule, ...counts(cells(80, 20), cells(900, 100)));
    expect(a.status).toBe("breach");
    expect(a.value).toBeCloseTo(0.8, 10);
    expect(a.sampleSize).toBe(100);
    expect(a.message).toMatch(
      /Judge agrees with humans on 80\.0 % \(n = 100, κ .*\) vs baseline 90\.0 % \(n = 1000, κ .*\): -10\.0 points, p = 0\.0011/,
    );
  });

  it("watches a drop without evidence, and says nothing without pairs", () => {
    expect(assessRule(rule, ...counts(cells(16, 4), cells(900, 100))).status).toBe("watch"); // n = 20 < 30
    expect(assessRule(rule, ...counts(cells(89, 11), cells(900, 100))).status).toBe("ok");
    expect(assessRule(rule, EMPTY_WINDOW, EMPTY_WINDOW)).toMatchObject({ status: "ok", value: null, sampleSize: 0 });
  });

  it("looks back over a baseline before its window", () => {
    const r = ruleRanges({ ...rule, params: { baselineMinutes: 10080 } }, Date.parse("2026-11-29T12:00:00Z"));
    expect(r.baseline!.toMinute).toBe(r.window.fromMinute);
    expect(r.window.toMinute - r.window.fromMinute).toBe(1440);
    expect(r.baseline!.toMinute - r.baseline!.fromMinute).toBe(10080);
  });
});

describe("cost_ceiling", () => {
  const prices = parseModelPrices(
    JSON.stringify({ models: { "m-2026-01": { input: 1, output: 4 }, "m-2026-06": { input: 3, output: 12 } } }),
  ).prices;
  const rule: RuleDefinition = { metric: "cost_ceiling", params: { cost: 0.002 }, windowMinutes: 60, minSamples: 20 };
  // per output: 400 input and 100 output tokens — 0.0008 USD on the old version, 0.0024 on the new one
  const tokens = (model: string, n: number) => ({ model, metered: n, inputTokenSum: 400 * n, outputTokenSum: 100 * n });
  const at = (models: ReturnType<typeof tokens>[], table = prices) => assessRule(rule, { ...EMPTY_WINDOW, cost: costOf(models, table) });

  it("cheap outputs are ok; a dearer model version above the limit with enough priced outputs is a breach naming the figure and the limit", () => {
    expect(at([tokens("m-2026-01", 50)])).toMatchObject({ status: "ok", value: 0.0008, sampleSize: 50 });
    const dear = at([tokens("m-2026-01", 10), tokens("m-2026-06", 40)]);
    expect(dear.status).toBe("breach");
    expect(dear.value).toBeCloseTo(0.00208, 10);
    expect(dear.message).toBe("Cost per output 0.00208 USD (n = 50 priced outputs) vs limit 0.00200 USD");
  });

  it("above the limit with fewer than minSamples priced outputs is watch; unpriced models are left out and named", () => {
    expect(at([tokens("m-2026-06", 5)]).status).toBe("watch");
    const r = at([tokens("m-2026-06", 30), tokens("local-llm", 500)]);
    expect(r).toMatchObject({ status: "breach", sampleSize: 30 });
    expect(r.message).toContain("; no price for local-llm (left out)");
    expect(at([tokens("local-llm", 500)])).toMatchObject({
      status: "ok",
      value: null,
      message: "No output of a priced model reported token usage in the window; no price for local-llm (left out)",
    });
  });

  it("without a price table it never fires and says why", () => {
    const r = at([tokens("m-2026-06", 500)], null);
    expect(r).toMatchObject({ status: "ok", value: null });
    expect(r.message).toMatch(/^No price table: ROLLGUARD_MODEL_PRICES is unset or invalid/);
    expect(assessRule(rule, EMPTY_WINDOW).message).toMatch(/^No price table/);
  });
});
