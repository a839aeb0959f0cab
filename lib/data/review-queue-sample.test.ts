import { beforeAll, describe, expect, it } from "vitest";
import { sampledForReview } from "../domain/targeting";
import { givenFeature } from "../testing/fixtures";
import { ingestEvents } from "../use-cases/ingest";
import { CLAIM_TTL_MS, claimNext, recordVerdict, type QueueView } from "./review-queue";

// Issue 23: the random review sample stays random under a backlog. Sampled items (picked by the
// phase's review rate at ingest) are served by output time alone, newest first, before the
// risk-ordered targeted items and whatever a judge or a thumb says of them — so the part of the
// sample people get to label is its newest part, not the part a biased judge singled out.

const NOW = Date.parse("2026-11-28T12:00:00Z");
const H = 3_600_000;
const KEY = "sample-queue";
const view: QueueView = { order: "risk", filter: {}, currentPhase: "early-access" };

/** Client ids the early-access phase (review rate 5 %) samples at ingest. */
const sampledIds = Array.from({ length: 400 }, (_, i) => `s${i}`)
  .filter((id) => sampledForReview(KEY, id, 0.05))
  .slice(0, 4);

let feature: { id: string; key: string };

beforeAll(async () => {
  feature = await givenFeature(KEY, "early-access");
  const out = (id: string, hoursAgo: number, extra: Record<string, unknown> = {}) => ({
    type: "output", feature: KEY, id, confidence: 0.7, timestamp: NOW - hoursAgo * H, phase: "early-access", ...extra,
  });
  await ingestEvents(
    [
      // the sample, newest first: s[0] 10 h ago … s[3] 40 h ago; the judge says the two oldest are
      // wrong (by risk they would come first: +12 h, +24 h with the thumb)
      ...sampledIds.map((id, i) => out(id, 10 + 10 * i)),
      { type: "label", feature: KEY, outputId: sampledIds[2], correct: false, source: "heuristic" },
      { type: "label", feature: KEY, outputId: sampledIds[3], correct: false, source: "heuristic" },
      { type: "feedback", feature: KEY, outputId: sampledIds[3], value: "down" },
      // targeted items the product asked for, one of them thumbs-down and judged wrong
      out("asked-risky", 1, { review: true, confidence: 0.97 }),
      out("asked-plain", 2, { review: true }),
      { type: "label", feature: KEY, outputId: "asked-risky", correct: false, source: "heuristic" },
      { type: "feedback", feature: KEY, outputId: "asked-risky", value: "down" },
    ],
    NOW,
  );
});

describe("the random sample in the review queue", () => {
  it("is served first and by time alone, newest first, not by the risk head starts its judge verdicts would earn", async () => {
    expect(sampledIds).toHaveLength(4);
    const got: string[] = [];
    for (;;) {
      const item = await claimNext(feature.id, "ana@example.com", NOW, CLAIM_TTL_MS, view);
      if (!item) break;
      got.push(item.clientId);
      await recordVerdict(feature, item.id, "skip", "ana@example.com", NOW);
    }
    expect(got).toEqual([...sampledIds, "asked-risky", "asked-plain"]);
  });

  it("under a backlog, the labelled part of the sample is its newest part, whatever the judge said", async () => {
    // a reviewer with time for two verdicts labels the two newest sampled outputs, neither of which the judge flagged
    const labelled: string[] = [];
    for (let i = 0; i < 2; i++) {
      const item = await claimNext(feature.id, "ben@example.com", NOW, CLAIM_TTL_MS, view);
      labelled.push(item!.clientId);
      await recordVerdict(feature, item!.id, "correct", "ben@example.com", NOW);
    }
    expect(labelled).toEqual(sampledIds.slice(0, 2));
  });
});
