import { describe, expect, it } from "vitest";
import { givenFeature } from "../testing/fixtures";
import { countDecision, flushDecisionCounts } from "../decision/decision-counts";
import { featureByKey } from "../data/features";
import { pauseFeature } from "../use-cases/pause";
import { ingestEvents } from "../use-cases/ingest";
import { productProof } from "./proof";

// The proof panel's figures from a real SQLite file: decisions counted in memory and added in
// batches, and AI answers reported as shown after a pause (past its grace) caught.

describe("the proof that the product obeyed", () => {
  it("adds the in-memory decision counts per minute and outcome, flush after flush", async () => {
    await givenFeature("proof-counts", "full");
    const f = (await featureByKey("proof-counts"))!;
    const now = Date.now();
    for (let i = 0; i < 5; i++) countDecision(f.id, "ai", now);
    countDecision(f.id, "fallback", now);
    await flushDecisionCounts();
    countDecision(f.id, "ai", now);
    countDecision(f.id, "disabled", now);
    await flushDecisionCounts();
    const proof = await productProof(f, now);
    expect(proof.minutes.at(-1)).toEqual({ minute: Math.floor(now / 60_000), ai: 6, fallback: 1, disabled: 1 });
    expect(proof.minutes).toHaveLength(15);
    expect(proof.verdict).toBe("running");
  });

  it("says the product obeys until an AI answer is reported shown after the pause and its grace", async () => {
    await givenFeature("proof-obey", "full");
    const before = Date.now() - 1000;
    await ingestEvents([{ type: "output", id: "before", feature: "proof-obey", confidence: 0.9, shown: true, timestamp: before }]);
    await pauseFeature({ key: "proof-obey", actor: "test", reason: "proof" });
    let f = (await featureByKey("proof-obey"))!;
    const pausedAt = (await productProof(f)).lastChange!.at;
    // in flight during the grace, and a fallback shown properly: not disobedience
    await ingestEvents([
      { type: "output", id: "in-grace", feature: "proof-obey", confidence: 0.9, shown: true, timestamp: pausedAt + 2000 },
      { type: "output", id: "fallback", feature: "proof-obey", confidence: 0.9, shown: false, timestamp: pausedAt + 9000 },
    ]);
    let proof = await productProof(f);
    expect(proof).toMatchObject({ verdict: "obeying", aiShownAfterPause: 0, lastAiShownAt: pausedAt + 2000 });
    await ingestEvents([{ type: "output", id: "after", feature: "proof-obey", confidence: 0.9, shown: true, timestamp: pausedAt + 8000 }]);
    f = (await featureByKey("proof-obey"))!;
    proof = await productProof(f);
    expect(proof).toMatchObject({ verdict: "disobeying", aiShownAfterPause: 1, lastAiShownAt: pausedAt + 8000 });
  });
});
