import fc from "fast-check";
import { emptyBatch, type IngestBatch } from "../domain/ingest-plan";
import type { PlanFeature } from "../domain/ingest-rows";
import type { IngestEvent } from "../schemas/events";

// Random ingest traffic over a small id space, so that batches collide: outputs resent, labels
// arriving late or flipping a verdict, thumbs changing, tickets and samples resent. Every event
// is complete (defaults filled in): the same objects are a valid request body and a validated batch.

export const T0 = Date.UTC(2025, 5, 1, 10, 0); // in the past at any wall-clock date these tests run

const outputId = fc.constantFrom("o0", "o1", "o2", "o3", "o4", "o5");
/** minutes after T0: a few hours, so that minute, hour and model buckets are shared and split */
const minute = fc.integer({ min: 0, max: 180 });

const output = fc.record({
  type: fc.constant("output" as const),
  id: outputId,
  confidence: fc.constantFrom(0.15, 0.55, 0.87, 0.93, 0.99),
  segment: fc.constantFrom("a", "b"),
  phase: fc.constantFrom("beta", "full"),
  review: fc.option(fc.boolean(), { nil: undefined }),
  inputType: fc.option(fc.constantFrom("sql", "text"), { nil: undefined }),
  model: fc.option(fc.constantFrom("m1", "m2"), { nil: undefined }),
  minute,
});
const label = fc.record({
  type: fc.constant("label" as const),
  outputId,
  correct: fc.boolean(),
  source: fc.constantFrom("human" as const, "ground_truth" as const, "heuristic" as const),
  sample: fc.constantFrom("random" as const, "targeted" as const),
  minute,
});
const feedback = fc.record({
  type: fc.constant("feedback" as const),
  outputId,
  value: fc.constantFrom("up" as const, "down" as const),
  comment: fc.option(fc.constantFrom("meh", "wrong total"), { nil: undefined }),
  minute,
});
const ticket = fc.record({
  type: fc.constant("ticket" as const),
  id: fc.constantFrom("t0", "t1", "t2"),
  outputId: fc.option(outputId, { nil: undefined }),
  severity: fc.constantFrom("normal" as const, "critical" as const),
  minute,
});
const accuracy = fc.record({
  type: fc.constant("accuracy" as const),
  id: fc.constantFrom("s0", "s1"),
  correct: fc.constant(3),
  total: fc.constant(4),
  minute,
});

type Drawn = { type: string; minute: number } & Record<string, unknown>;

/**
 * Batches of events of feature `feature`; each event's time is unique (a random minute plus its
 * sequence number in ms), or with `inOrder` grows with each event.
 */
export function batchesOf(feature: string, { maxBatches = 5, maxEvents = 12, inOrder = false } = {}): fc.Arbitrary<IngestEvent[][]> {
  const event = fc.oneof(
    { weight: 4, arbitrary: output },
    { weight: 4, arbitrary: label },
    { weight: 2, arbitrary: feedback },
    { weight: 1, arbitrary: ticket },
    { weight: 1, arbitrary: accuracy },
  ) as fc.Arbitrary<Drawn>;
  return fc.array(fc.array(event, { minLength: 1, maxLength: maxEvents }), { minLength: 1, maxLength: maxBatches }).map((batches) => {
    let seq = 0;
    return batches.map((events) =>
      events.map(({ minute: m, ...rest }) => {
        const e: Record<string, unknown> = { ...rest, feature, timestamp: inOrder ? T0 + 1000 * seq++ : T0 + m * 60_000 + seq++ };
        for (const k of Object.keys(e)) if (e[k] === undefined) delete e[k];
        return e as IngestEvent;
      }),
    );
  });
}

/** The phases the generator names (beta reviews every output, full none). */
export const testPhases = [
  { key: "beta", reviewRate: 1, confidenceThreshold: 0.9, lowConfidence: "fallback" as const },
  { key: "full", reviewRate: 0, confidenceThreshold: 0.8, lowConfidence: "flag" as const },
];

/** A validated batch of one feature's events, as lib/use-cases/ingest.ts builds it. */
export function batchOf(events: readonly IngestEvent[], feature: PlanFeature): IngestBatch {
  const batch = emptyBatch();
  events.forEach((event, index) =>
    (batch[event.type] as { index: number; event: IngestEvent; feature: PlanFeature }[]).push({ index, event, feature }),
  );
  return batch;
}
