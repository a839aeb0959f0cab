import { beforeAll, describe, expect, it } from "vitest";
import { MINUTE_MS } from "../domain/buckets";
import { ZBacktestRequest } from "../schemas/backtest";
import { givenFeature } from "../testing/fixtures";
import { backtestForFeature } from "./backtest";
import { ingestEvents } from "../use-cases/ingest";
import { labelDelayHistograms } from "./label-delay";

// Label delay told honestly, on a real database: two features with the same outputs and the same
// drop (95 % → 60 % correct, 6 hours in; an output a minute), one whose people label each output half a minute after
// it, one whose labels arrive 3 hours late. The replay finds the drop after the same statistical
// delay on both (it counts labels at their output's minute); the live delay it states is ~3 h
// longer where labels come 3 h late. Everything is sent as it would arrive live, in one-minute batches.

const HOUR = 60 * MINUTE_MS;
const START = Date.parse("2026-10-05T00:00:00Z");
const DROP = START + 6 * HOUR;
const END = START + 12 * HOUR;
const features: Record<string, string> = {};

async function sendLive(key: string, labelDelayMs: number) {
  const arrivals: { at: number; event: unknown }[] = [];
  for (let i = 0, at = START; at < END; i++, at += MINUTE_MS) {
    const correct = at < DROP ? i % 20 !== 0 : i % 5 < 3;
    arrivals.push({ at, event: { type: "output", feature: key, id: `o${i}`, confidence: 0.9, timestamp: at } });
    const labelAt = at + labelDelayMs;
    if (labelAt < END)
      arrivals.push({
        at: labelAt,
        event: { type: "label", feature: key, outputId: `o${i}`, correct, source: "human", reviewer: "ana", timestamp: labelAt },
      });
  }
  arrivals.sort((a, b) => a.at - b.at);
  for (let t = START + MINUTE_MS, k = 0; k < arrivals.length; t += MINUTE_MS) {
    const batch: unknown[] = [];
    while (k < arrivals.length && arrivals[k].at < t) batch.push(arrivals[k++].event);
    if (batch.length) {
      const r = await ingestEvents(batch, t);
      expect(r.rejected).toEqual([]);
    }
  }
}

beforeAll(async () => {
  for (const [key, delay] of [
    ["prompt-labels", 30_000],
    ["late-labels", 3 * HOUR],
  ] as const) {
    features[key] = (await givenFeature(key)).id;
    await sendLive(key, delay);
  }
}, 600_000);

const floorBacktest = (key: string) =>
  backtestForFeature(
    features[key],
    ZBacktestRequest.parse({
      rule: { name: "Floor", metric: "accuracy_floor", params: { threshold: 0.85 }, windowMinutes: 60, minSamples: 30 },
      from: START + HOUR,
      to: END,
      incident: { from: DROP, to: END },
    }),
  );

describe("label delay", () => {
  it("reads each source's delays from the stored labels of the window", async () => {
    const late = await labelDelayHistograms(features["late-labels"], END);
    expect(Object.keys(late)).toEqual(["human"]);
    const total = late.human!.reduce((s, c) => s + c, 0);
    expect(total).toBe(720 - 180); // the last 3 hours' labels have not come yet
    expect(late.human![8]).toBe(total); // every one in the 2–4 h bin
    // at most the most recent labels: a bounded read whatever the traffic
    const recent = await labelDelayHistograms(features["late-labels"], END, 30, 100);
    expect(recent.human!.reduce((s, c) => s + c, 0)).toBe(100);
    const both = await labelDelayHistograms(features["prompt-labels"], END, 30, 100);
    expect(both.human![1]).toBe(100);
    // a window that ends before the labels leaves them out
    expect(await labelDelayHistograms(features["late-labels"], START - 1)).toEqual({});
  });

  it("labels 3 hours late: the backtest states ~3 h more live delay than the replay's", async () => {
    const prompt = await floorBacktest("prompt-labels");
    const late = await floorBacktest("late-labels");
    // the same statistical detection on both: the replay counts labels at their output's minute
    expect(prompt.incident).toMatchObject({ detected: true });
    expect(late.incident!.detectionDelayMinutes).toBe(prompt.incident!.detectionDelayMinutes);
    const statistical = prompt.incident!.detectionDelayMinutes!;
    expect(statistical).toBeLessThan(60);

    expect(prompt.labelDelay).toMatchObject({ windowDays: 30, readsLabels: true, liveFrom: ["human"] });
    // received a minute after the output, with the next one-minute batch
    expect(prompt.labelDelay.sources).toEqual([{ source: "human", labels: 720, medianMinutes: 2, p90Minutes: 2 }]);
    expect(prompt.labelDelay.incident!.statisticalMinutes).toBe(statistical);
    expect(prompt.labelDelay.incident!.extraMinutes!).toBeLessThanOrEqual(2);

    expect(late.labelDelay.sources).toEqual([{ source: "human", labels: 540, medianMinutes: 240, p90Minutes: 240 }]);
    const live = late.labelDelay.incident!;
    console.info(
      `replay: detected after ${statistical} min; live, labels 3 h late: ${live.liveMinutes} min; prompt: ${prompt.labelDelay.incident!.liveMinutes} min`,
    );
    expect(live.statisticalMinutes).toBe(statistical);
    // 3 h for the first labels to come, then the statistics' own minutes (a little more: the histogram spreads the 2–4 h bin)
    expect(live.extraMinutes!).toBeGreaterThanOrEqual(170);
    expect(live.extraMinutes!).toBeLessThanOrEqual(235);
  });
});
