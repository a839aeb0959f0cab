import { describe, expect, it } from "vitest";
import { DELAY_EDGES_MIN, delayBin } from "./label-delay";
import { labelDelayReport, liveDelay, mergeHistograms, readsLabels, sourceDelay } from "./live-delay";

const histogramOf = (delays: number[]) => {
  const h = DELAY_EDGES_MIN.map(() => 0);
  for (const d of delays) h[delayBin(d)]++;
  return h;
};
// people: 2 to 4 hours after the output; the judge: within the minute
const humans = histogramOf(Array.from({ length: 200 }, (_, i) => 120 + (i % 120)));
const judge = histogramOf(Array(1800).fill(0.3));

describe("label delay report", () => {
  it("gives each source's median and p90 as the upper edges of their bins, null past a week", () => {
    expect(sourceDelay("human", humans)).toEqual({ source: "human", labels: 200, medianMinutes: 240, p90Minutes: 240 });
    expect(sourceDelay("human", histogramOf([5, 50, 3000, 3000]))).toMatchObject({ medianMinutes: 60, p90Minutes: 4320 });
    expect(sourceDelay("human", histogramOf([20_000, 20_000]))).toMatchObject({ medianMinutes: null, p90Minutes: null });
    expect(
      sourceDelay(
        "human",
        DELAY_EDGES_MIN.map(() => 0),
      ),
    ).toBeNull();
  });

  it("adds the label delay to a statistical delay, never less than it", () => {
    const live = liveDelay(4, humans)!;
    expect(live.statisticalMinutes).toBe(4);
    expect(live.liveMinutes).toBeGreaterThan(120);
    expect(live.liveMinutes).toBeLessThanOrEqual(244);
    expect(live.extraMinutes).toBe(live.liveMinutes! - 4);
    // labels within the minute: the same delay, to the minute
    expect(liveDelay(10, judge)!.liveMinutes).toBeGreaterThanOrEqual(10);
    expect(liveDelay(10, judge)!.liveMinutes).toBeLessThanOrEqual(11);
    expect(liveDelay(10, histogramOf(Array(5).fill(50_000)))).toEqual({ statisticalMinutes: 10, liveMinutes: null, extraMinutes: null });
    expect(
      liveDelay(
        10,
        DELAY_EDGES_MIN.map(() => 0),
      ),
    ).toBeNull();
  });

  it("mixes the sources by their labels: a judge on every output keeps the live delay short", () => {
    expect(mergeHistograms([humans, undefined, judge]).reduce((s, c) => s + c, 0)).toBe(2000);
    const r = labelDelayReport({ metric: "accuracy_floor", histograms: { human: humans, heuristic: judge }, incidentDelayMinutes: 30 });
    expect(r.sources.map((s) => s.source)).toEqual(["human", "heuristic"]);
    expect(r.liveFrom).toEqual(["human", "heuristic"]);
    // 90 % of the labels come at once: 30 minutes of statistics take ~34 minutes live
    expect(r.incident!.liveMinutes).toBeGreaterThanOrEqual(33);
    expect(r.incident!.liveMinutes).toBeLessThanOrEqual(36);
    // the judge's stream waits for the judge alone
    const judgeRule = labelDelayReport({ metric: "judge", histograms: { human: humans, heuristic: judge }, incidentDelayMinutes: 30 });
    expect(judgeRule.liveFrom).toEqual(["heuristic"]);
    expect(judgeRule.incident!.liveMinutes).toBeLessThanOrEqual(31);
    const peopleOnly = labelDelayReport({ metric: "accuracy_floor", histograms: { human: humans }, incidentDelayMinutes: 30 });
    expect(peopleOnly.incident!.liveMinutes).toBeGreaterThan(150);
  });

  it("tells the cost table's delays live, and nothing live for rules that do not read labels", () => {
    const slices = [{ slice: "phase:beta", delay5: 40, delay10: 12 }];
    const seq = labelDelayReport({ metric: "accuracy", histograms: { human: humans }, incidentDelayMinutes: null, slices });
    expect(seq.incident).toBeNull();
    expect(seq.slices[0].delay10!.liveMinutes).toBeGreaterThan(seq.slices[0].delay10!.statisticalMinutes + 100);
    expect(seq.slices[0].delay5!.statisticalMinutes).toBe(40);
    const thumbs = labelDelayReport({ metric: "thumbs_down_ceiling", histograms: { human: humans }, incidentDelayMinutes: 30, slices });
    expect(thumbs).toMatchObject({ readsLabels: false, liveFrom: [], incident: null, slices: [] });
    expect(thumbs.sources).toHaveLength(1); // the delays are still told
    expect(readsLabels("critical_tickets")).toBe(false);
    expect(readsLabels("overconfidence")).toBe(true);
  });
});
