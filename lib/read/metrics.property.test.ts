import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { confidenceBin } from "../domain/buckets";
import { effectiveVerdict, type LabelSource } from "../domain/rollup";
import { givenFeature } from "../testing/fixtures";
import { ingestEvents } from "../use-cases/ingest";
import { featureMetrics } from "./metrics";

// The rollups are an optimisation, never a different answer: for random streams of events (with
// retries, replaced labels and changed thumbs, in random batches, and resends of older batches
// after newer changes), the metrics API equals a brute-force count over the raw rows, and the
// stored label or thumb is always the newest one received (a resend never undoes a newer change).

const T0 = Date.parse("2026-11-20T00:00:00Z");
const HOUR = 3_600_000;

const arbEvents = fc.array(
  fc.oneof(
    fc.record({
      type: fc.constant("output"),
      id: fc.integer({ min: 0, max: 10 }).map((i) => `o${i}`),
      confidence: fc.double({ min: 0, max: 1, noNaN: true }),
      segment: fc.constantFrom("a", "b"),
      phase: fc.constantFrom("beta", "early-access"),
      inputType: fc.constantFrom("sql", "python"),
      timestamp: fc.integer({ min: 0, max: 6 * HOUR }).map((d) => T0 + d),
    }),
    fc.record({
      type: fc.constant("label"),
      outputId: fc.integer({ min: 0, max: 10 }).map((i) => `o${i}`),
      correct: fc.boolean(),
      source: fc.constantFrom("human", "ground_truth", "heuristic"),
      // a narrow range: changes are often older or newer than the stored one, sometimes as old
      timestamp: fc.integer({ min: 0, max: 20 }).map((d) => T0 + 6 * HOUR + d * 1000),
    }),
    fc.record({
      type: fc.constant("feedback"),
      outputId: fc.integer({ min: 0, max: 10 }).map((i) => `o${i}`),
      value: fc.constantFrom("up", "down"),
      timestamp: fc.integer({ min: 0, max: 20 }).map((d) => T0 + 6 * HOUR + d * 1000),
    }),
    fc.record({
      type: fc.constant("ticket"),
      id: fc.integer({ min: 0, max: 10 }).map((i) => `t${i}`),
      severity: fc.constantFrom("normal", "critical"),
      timestamp: fc.integer({ min: 0, max: 6 * HOUR }).map((d) => T0 + d),
    }),
  ),
  { minLength: 10, maxLength: 150, size: "large" },
);

async function bruteForce(featureId: string, fromMinute = 0, toMinute = 2 ** 31 - 1 /* the largest Int column value */) {
  const inRange = { minute: { gte: fromMinute, lt: toMinute } };
  const outputs = await db.output.findMany({ where: { featureId, ...inRange } });
  const ids = new Set(outputs.map((o) => o.id));
  const labels = (await db.label.findMany({ where: { featureId } })).filter((l) => ids.has(l.outputId));
  const feedback = (await db.feedback.findMany({ where: { featureId } })).filter((f) => ids.has(f.outputId));
  const tickets = await db.ticketMention.findMany({ where: { featureId, ...inRange } });
  const verdicts = new Map<string, Partial<Record<LabelSource, boolean>>>();
  for (const l of labels) verdicts.set(l.outputId, { ...verdicts.get(l.outputId), [l.source]: l.correct });
  const bins = Array.from({ length: 20 }, () => ({ outputs: 0, labelled: 0, correct: 0 }));
  let labelled = 0;
  let correct = 0;
  for (const o of outputs) {
    if (o.confidence === null) continue;
    const bin = bins[confidenceBin(o.confidence)];
    bin.outputs++;
    const v = effectiveVerdict(verdicts.get(o.id) ?? {});
    if (v === undefined) continue;
    labelled++;
    bin.labelled++;
    if (v) {
      correct++;
      bin.correct++;
    }
  }
  return {
    outputs: outputs.length,
    shown: outputs.filter((o) => o.shown).length,
    labelled,
    correct,
    thumbsUp: feedback.filter((f) => f.value === "up").length,
    thumbsDown: feedback.filter((f) => f.value === "down").length,
    tickets: tickets.length,
    criticalTickets: tickets.filter((t) => t.severity === "critical").length,
    bins,
  };
}

describe("metrics equal a brute-force count over raw rows", () => {
  let run = 0;
  beforeAll(() => {
    run = 0;
  });

  it("for random event streams in random batches", async () => {
    await fc.assert(
      fc.asyncProperty(arbEvents, fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 150 }), async (events, batchSize, resends) => {
        const feature = await givenFeature(`prop-${run++}`);
        const withFeature = events.map((e) => ({ ...e, feature: feature.key }));
        for (let i = 0; i < withFeature.length; i += batchSize) {
          await ingestEvents(withFeature.slice(i, i + batchSize), T0 + 7 * HOUR);
        }
        // retry everything once: nothing may change
        await ingestEvents(withFeature.slice(0, 1000), T0 + 7 * HOUR);
        // resend the older batches again, after the newer changes: nothing may change either
        for (let i = 0; i < Math.min(resends, withFeature.length); i += batchSize) {
          await ingestEvents(withFeature.slice(i, Math.min(i + batchSize, resends)), T0 + 7 * HOUR);
        }
        // the model: per output and source (labels) or per output (thumbs), a change applies when
        // its time is not older than the stored one — in the order received, resends included; in
        // each batch outputs are stored first (a label may come before its output in one batch)
        type Sent = {
          type: string;
          id?: string;
          outputId?: string;
          source?: string;
          correct?: boolean;
          value?: string;
          timestamp?: number;
        };
        const batches: Sent[][] = [];
        for (let i = 0; i < withFeature.length; i += batchSize) batches.push(withFeature.slice(i, i + batchSize));
        batches.push(withFeature.slice(0, 1000));
        for (let i = 0; i < Math.min(resends, withFeature.length); i += batchSize)
          batches.push(withFeature.slice(i, Math.min(i + batchSize, resends)));
        const outputsSeen = new Set<string>();
        const labelModel = new Map<string, { correct: boolean; at: number }>();
        const thumbModel = new Map<string, { value: string; at: number }>();
        for (const b of batches) {
          for (const e of b) if (e.type === "output") outputsSeen.add(e.id!);
          for (const e of b) {
            if (e.type === "label" && outputsSeen.has(e.outputId!)) {
              const k = `${e.outputId}|${e.source}`;
              const stored = labelModel.get(k);
              if (!stored || (stored.correct !== e.correct && e.timestamp! >= stored.at))
                labelModel.set(k, { correct: e.correct!, at: e.timestamp! });
            }
            if (e.type === "feedback" && outputsSeen.has(e.outputId!)) {
              const stored = thumbModel.get(e.outputId!);
              if (!stored || (stored.value !== e.value && e.timestamp! >= stored.at))
                thumbModel.set(e.outputId!, { value: e.value!, at: e.timestamp! });
            }
          }
        }
        const storedLabels = await db.label.findMany({ where: { featureId: feature.id } });
        expect(new Map(storedLabels.map((l) => [`${l.outputId.slice(feature.id.length + 1)}|${l.source}`, l.correct]))).toEqual(
          new Map([...labelModel].map(([k, v]) => [k, v.correct])),
        );
        const storedThumbs = await db.feedback.findMany({ where: { featureId: feature.id } });
        expect(new Map(storedThumbs.map((f) => [f.outputId.slice(feature.id.length + 1), f.value]))).toEqual(
          new Map([...thumbModel].map(([k, v]) => [k, v.value])),
        );
        const expected = await bruteForce(feature.id);
        const m = await featureMetrics(feature.id, { from: T0, to: T0 + 7 * HOUR, interval: "hour" });
        expect({
          outputs: m.totals.outputs,
          shown: m.totals.shown,
          labelled: m.totals.labelled,
          correct: m.totals.correct,
          thumbsUp: m.totals.thumbsUp,
          thumbsDown: m.totals.thumbsDown,
          tickets: m.totals.tickets,
          criticalTickets: m.totals.criticalTickets,
          bins: m.calibration.map((c, i) => ({ outputs: m.histogram[i].outputs, labelled: c.labelled, correct: c.correct })),
        }).toEqual(expected);
        expect(m.points.reduce((s, p) => s + p.outputs, 0)).toBe(expected.outputs);
        expect(m.points.reduce((s, p) => s + p.labelled, 0)).toBe(expected.labelled);
        // a range that starts and ends mid-hour reads whole hours and minute edges: same answer
        const from = T0 + 17 * 60_000;
        const to = T0 + 5 * HOUR + 43 * 60_000;
        const edge = await bruteForce(feature.id, from / 60_000, to / 60_000);
        for (const interval of ["hour", "day"] as const) {
          const e = await featureMetrics(feature.id, { from, to, interval });
          expect([e.totals.outputs, e.totals.labelled, e.totals.correct, e.totals.thumbsDown, e.totals.tickets]).toEqual([
            edge.outputs,
            edge.labelled,
            edge.correct,
            edge.thumbsDown,
            edge.tickets,
          ]);
          expect(e.points.reduce((s, p) => s + p.outputs, 0)).toBe(edge.outputs);
          expect(e.histogram.map((h) => h.outputs)).toEqual(edge.bins.map((b) => b.outputs));
        }
      }),
      // endOnFailure: shrinking a failure of these long streams takes many minutes; the seed reproduces it
      { numRuns: 40, endOnFailure: true },
    );
  });
});
