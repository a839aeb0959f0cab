import { describe, expect, it } from "vitest";
import { db } from "../db";
import { effectiveVerdict, type LabelSource } from "../domain/rollup";
import { givenFeature } from "../testing/fixtures";
import { ingestEvents } from "./ingest";

// Several writers at once on one database (on PostgreSQL these are concurrent transactions on
// separate connections, as several instances would be): the same outputs sent by all of them are
// stored and counted once, and labels and thumbs that race each other leave rollups that agree
// with the raw rows — no lost increment, no double count.

const T0 = Date.parse("2026-11-20T10:00:00Z");
const OUTPUTS = 240;
const WRITERS = 6;

/** A deterministic shuffle per writer, so that writers collide in different orders. */
function shuffled<T>(list: T[], seed: number): T[] {
  const out = [...list];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe("concurrent ingest", () => {
  it("counts every output once and keeps rollups equal to the raw rows when writers race", async () => {
    const feature = await givenFeature("racing", "full");
    const ids = Array.from({ length: OUTPUTS }, (_, i) => `o${i}`);
    const writers = Array.from({ length: WRITERS }, async (_, w) => {
      let acceptedOutputs = 0;
      const order = shuffled(ids, w + 1);
      for (let b = 0; b < order.length; b += 60) {
        const slice = order.slice(b, b + 60);
        const events = [
          ...slice.map((id, i) => ({
            type: "output",
            feature: "racing",
            id,
            confidence: ((i * 7) % 100) / 100,
            segment: i % 2 ? "a" : "b",
            timestamp: T0 + (i % 90) * 60_000,
            inputType: "sql",
          })),
          // every writer labels and thumbs the same outputs, with verdicts that disagree
          ...slice.map((id, i) => ({
            type: "label",
            feature: "racing",
            outputId: id,
            correct: (i + w) % 3 !== 0,
            source: w % 2 ? "human" : "heuristic",
          })),
          ...slice.map((id, i) => ({ type: "feedback", feature: "racing", outputId: id, value: (i + w) % 2 ? "up" : "down" })),
        ];
        const result = await ingestEvents(events, T0 + 3 * 3_600_000);
        expect(result.rejected).toEqual([]);
        acceptedOutputs += result.accepted;
      }
      return acceptedOutputs;
    });
    await Promise.all(writers);

    const outputs = await db.output.findMany({ where: { featureId: feature.id } });
    expect(outputs).toHaveLength(OUTPUTS);
    const labels = await db.label.findMany({ where: { featureId: feature.id } });
    const feedback = await db.feedback.findMany({ where: { featureId: feature.id } });
    const verdicts = new Map<string, Partial<Record<LabelSource, boolean>>>();
    for (const l of labels) verdicts.set(l.outputId, { ...verdicts.get(l.outputId), [l.source]: l.correct });
    const effective = [...verdicts.values()].map((v) => effectiveVerdict(v));
    const expected = {
      outputs: OUTPUTS,
      labelled: effective.filter((v) => v !== undefined).length,
      correct: effective.filter((v) => v === true).length,
      thumbsUp: feedback.filter((f) => f.value === "up").length,
      thumbsDown: feedback.filter((f) => f.value === "down").length,
    };
    const sums = { outputs: true, labelled: true, correct: true, thumbsUp: true, thumbsDown: true } as const;
    const minutes = await db.metricBucket.aggregate({ where: { featureId: feature.id }, _sum: sums });
    const hours = await db.hourBucket.aggregate({ where: { featureId: feature.id }, _sum: sums });
    const slices = await db.sliceBucket.aggregate({ where: { featureId: feature.id }, _sum: sums });
    expect(minutes._sum).toEqual(expected);
    expect(hours._sum).toEqual(expected);
    expect(slices._sum).toEqual(expected);
  });
});
