import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { MINUTE_MS } from "../domain/buckets";
import { planWith } from "../domain/plan";
import { givenWindowedRules } from "../testing/fixtures";
import { evaluateFeature } from "../use-cases/evaluate-alerts";
import { windowCounts } from "../read/rule-counts";
import { createFeature } from "./features";
import { ingestEvents } from "../use-cases/ingest";

// The accuracy rules read people's verdicts only (issue 23), on a real database: a judge (a
// heuristic label) grades every output and reads 8 points low (80 % correct: wrong on 10 outputs in
// 50), people label one output in twenty (one a minute) and find 88 % correct. Five hours at 20
// outputs a minute; at hour 3 people's verdicts drop to 50 % correct while the judge reads the same.
// High stakes, so the accuracy rules pause: with the judge counted (before this change) both floor
// rules read ~80 % mixed accuracy against 85 %, opened and paused the healthy feature.

const HOUR = 60 * MINUTE_MS;
const START = Date.parse("2026-10-05T00:00:00Z");
const DROP = START + 3 * HOUR;
const END = START + 5 * HOUR;
const features: Record<string, string> = {};

async function send(key: string) {
  let batch: unknown[] = [];
  for (let at = START, i = 0; at < END; at += MINUTE_MS) {
    for (let k = 0; k < 20; k++, i++) {
      const t = at + k * 3000;
      batch.push({ type: "output", feature: key, id: `o${i}`, confidence: 0.9, timestamp: t });
      batch.push({ type: "label", feature: key, outputId: `o${i}`, correct: i % 50 >= 10, source: "heuristic", timestamp: t + 1000 });
      if (i % 20 === 0) {
        const p = i / 20; // the people's label count: 88 % correct before the drop, 50 % after
        const correct = at < DROP ? ![0, 8, 16].includes(p % 25) : p % 10 >= 5;
        batch.push({ type: "label", feature: key, outputId: `o${i}`, correct, source: "human", reviewer: "ana", timestamp: t + 2000 });
      }
    }
    if ((at - START) / MINUTE_MS % 10 === 9) {
      const r = await ingestEvents(batch, at + MINUTE_MS);
      expect(r.rejected).toEqual([]);
      batch = [];
    }
  }
}

const highStakes = (key: string) => createFeature({ key, name: key, stakes: "high", plan: planWith(), currentPhase: "full" }, "test");

async function accuracyAlerts(featureId: string) {
  const alerts = await db.alert.findMany({ where: { featureId }, include: { rule: true } });
  return alerts.filter((a) => ["accuracy", "accuracy_floor", "accuracy_drop"].includes(a.rule.metric)).map((a) => a.rule.name);
}
const paused = async (featureId: string) => (await db.feature.findUniqueOrThrow({ where: { id: featureId } })).state === "paused";

beforeAll(async () => {
  features.sequential = (await highStakes("judged-seq")).id;
  await send("judged-seq");
  features.windowed = (await highStakes("judged-win")).id;
  await givenWindowedRules(features.windowed, "high", 0.85);
  await send("judged-win");
}, 600_000);

describe("accuracy rules on people's verdicts only", () => {
  it("the window counts leave the judge's lone verdicts out", async () => {
    const fromMinute = Math.floor((DROP - HOUR) / MINUTE_MS);
    const c = await windowCounts(features.windowed, { fromMinute, toMinute: fromMinute + 60 });
    // an hour: 1200 outputs, every one judged; people labelled 60 of them, 53 correct (88 %)
    expect([c.labelled, c.correct]).toEqual([60, 53]);
  });

  it("a stable feature whose judge reads 8 points low opens no accuracy alert and is not paused (default sequential rules)", async () => {
    await evaluateFeature(features.sequential, DROP - 1);
    expect(await accuracyAlerts(features.sequential)).toEqual([]);
    expect(await paused(features.sequential)).toBe(false);
  });

  it("a real drop in people's verdicts still opens the floor rule and pauses", async () => {
    await evaluateFeature(features.sequential, END);
    expect(await accuracyAlerts(features.sequential)).toContain("Accuracy below 85 %");
    expect(await paused(features.sequential)).toBe(true);
  });

  it("the windowed accuracy rules: none on the stable feature, the floor on people's drop", async () => {
    await evaluateFeature(features.windowed, DROP - 1);
    expect(await accuracyAlerts(features.windowed)).toEqual([]);
    expect(await paused(features.windowed)).toBe(false);
    await evaluateFeature(features.windowed, END);
    expect(await accuracyAlerts(features.windowed)).toContain("Accuracy below 85 %");
  });
});
