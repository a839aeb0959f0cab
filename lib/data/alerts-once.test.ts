import { describe, expect, it } from "vitest";
import { db } from "../db";
import { givenFeature } from "../testing/fixtures";
import { evaluateFeature } from "../use-cases/evaluate-alerts";
import { ingestEvents } from "../use-cases/ingest";

// Several instances evaluate the same feature after their own ingest batches, at the same moment:
// a breach opens one alert (and queues one webhook), not one per instance.

describe("alert evaluation across instances", () => {
  it("opens one alert per breached rule when evaluations of a feature run at the same time", async () => {
    const feature = await givenFeature("flaky-answers", "full");
    await db.webhook.create({ data: { name: "ops", url: "http://127.0.0.1:9/hook", secret: "s", featureId: feature.id } });
    const now = Date.now();
    const events = Array.from({ length: 150 }, (_, i) => [
      { type: "output", feature: "flaky-answers", id: `o${i}`, confidence: 0.97, timestamp: now - 20 * 60_000 + i * 1000 },
      { type: "label", feature: "flaky-answers", outputId: `o${i}`, correct: i % 3 === 0, source: "human" },
    ]).flat();
    expect((await ingestEvents(events, now)).rejected).toEqual([]);

    const outcomes = await Promise.all(Array.from({ length: 4 }, () => evaluateFeature(feature.id, now)));
    const opened = outcomes.flat().filter((o) => o.transition === "opened");
    const alerts = await db.alert.findMany({ where: { featureId: feature.id } });
    expect(alerts.length).toBeGreaterThan(0);
    expect(opened).toHaveLength(alerts.length);
    expect(new Set(alerts.map((a) => a.ruleId)).size).toBe(alerts.length); // one per rule
    expect(await db.webhookDelivery.count({ where: { event: "alert.opened" } })).toBe(alerts.length);
  });
});
