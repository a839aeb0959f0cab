import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { quantile } from "../domain/quantile";
import { sampledForReview } from "../domain/targeting";
import { givenFeature } from "../testing/fixtures";
import { featureMetrics } from "../read/metrics";
import { ingestEvents } from "../use-cases/ingest";
import { CLAIM_TTL_MS, claimNext, LATENCY_SAMPLE, recordVerdict, reviewQueueStats, type QueueView } from "./review-queue";

const OLDEST: QueueView = { order: "oldest", filter: {}, currentPhase: null };

const T0 = Date.parse("2026-11-20T10:00:00Z");
const NOW = T0 + 3_600_000;
const MIN = 60_000;
let feature: { id: string; key: string };

const output = (id: string, minute: number, extra: Record<string, unknown> = {}) => ({
  type: "output", feature: "queue-test", id, confidence: 0.9, timestamp: T0 + minute * MIN, ...extra,
});
const accuracy = async () =>
  (await featureMetrics(feature.id, { from: T0 - MIN, to: NOW, interval: "hour" })).totals.accuracy;

beforeAll(async () => {
  feature = await givenFeature("queue-test", "beta"); // beta reviews every output
  await ingestEvents(
    [
      output("q1", 1),
      output("q2", 2),
      output("q3", 3),
      output("q4", 4),
      output("q5", 5),
      output("not-flagged", 0, { review: false }),
      output("settled", 0),
      { type: "label", feature: "queue-test", outputId: "settled", correct: true, source: "ground_truth" },
    ],
    NOW,
  );
});

describe("flagging at ingest", () => {
  it("keeps the product's flag and samples by the phase's review rate otherwise", async () => {
    const f = await givenFeature("sampling-test", "early-access"); // 5 % review
    const ids = Array.from({ length: 400 }, (_, i) => `s${i}`);
    await ingestEvents(
      [
        ...ids.map((id) => ({ type: "output", feature: "sampling-test", id, confidence: 0.95 })),
        { type: "output", feature: "sampling-test", id: "asked", confidence: 0.95, review: true },
      ],
      NOW,
    );
    const flagged = await db.output.findMany({ where: { featureId: f.id, review: true }, select: { clientId: true } });
    const expected = ids.filter((id) => sampledForReview("sampling-test", id, 0.05));
    expect(flagged.map((o) => o.clientId).sort()).toEqual([...expected, "asked"].sort());
    expect(expected.length).toBeGreaterThan(5);
    expect(expected.length).toBeLessThan(40);
    expect(await db.output.count({ where: { featureId: feature.id, clientId: "not-flagged", review: false } })).toBe(1);
  });
});

describe("claims", () => {
  it("hands out the oldest waiting item (oldest-first order), never one item to two reviewers, and resumes on reload", async () => {
    const a = await claimNext(feature.id, "ana@example.com", NOW, CLAIM_TTL_MS, OLDEST);
    const b = await claimNext(feature.id, "ben@example.com", NOW, CLAIM_TTL_MS, OLDEST);
    expect(a?.clientId).toBe("q1");
    expect(b?.clientId).toBe("q2");
    expect((await claimNext(feature.id, "ana@example.com", NOW + 1000, CLAIM_TTL_MS, OLDEST))?.clientId).toBe("q1");
    await expect(recordVerdict(feature, a!.id, "correct", "ben@example.com", NOW)).rejects.toMatchObject({ status: 409, code: "claimed_by_other" });
  });

  it("lets a claim expire, so an abandoned item returns to the queue", async () => {
    const later = NOW + 1000 + CLAIM_TTL_MS; // Ana renewed her claim on reload at NOW + 1 s
    // Ana's q1 lapsed: Cleo gets it. Ben's q2 lapsed too, but q1 is older.
    expect((await claimNext(feature.id, "cleo@example.com", later, CLAIM_TTL_MS, OLDEST))?.clientId).toBe("q1");
    expect((await claimNext(feature.id, "ana@example.com", later, CLAIM_TTL_MS, OLDEST))?.clientId).toBe("q2");
  });

  it("keeps a skipped item away from the one who skipped it, not from others", async () => {
    const t = NOW + 3 * CLAIM_TTL_MS;
    const first = await claimNext(feature.id, "dan@example.com", t, CLAIM_TTL_MS, OLDEST);
    expect(first?.clientId).toBe("q1");
    await recordVerdict(feature, first!.id, "skip", "dan@example.com", t);
    expect((await claimNext(feature.id, "dan@example.com", t, CLAIM_TTL_MS, OLDEST))?.clientId).toBe("q2");
    expect((await claimNext(feature.id, "eve@example.com", t, CLAIM_TTL_MS, OLDEST))?.clientId).toBe("q1");
  });

  it("in oldest-first order gives the oldest item even while the reviewer holds a newer one, and lets the newer one go", async () => {
    const t = NOW + 5 * CLAIM_TTL_MS;
    // Fay holds q5 (a risk-ordered queue may hand out a newer item first)
    const q5 = await db.output.findFirstOrThrow({ where: { featureId: feature.id, clientId: "q5" } });
    const claim = { featureId: feature.id, claimedBy: "fay@example.com", claimedAt: BigInt(t), expiresAt: BigInt(t + CLAIM_TTL_MS) };
    await db.reviewClaim.upsert({ where: { outputId: q5.id }, create: { outputId: q5.id, ...claim }, update: claim });
    // risk order resumes what she holds; oldest first gives q1
    expect((await claimNext(feature.id, "fay@example.com", t, CLAIM_TTL_MS))?.clientId).toBe("q5");
    expect((await claimNext(feature.id, "fay@example.com", t + 1000, CLAIM_TTL_MS, OLDEST))?.clientId).toBe("q1");
    // q5 went back to the queue at once: others take q2, q3, q4, then q5
    for (const [i, expected] of ["q2", "q3", "q4", "q5"].entries())
      expect((await claimNext(feature.id, `g${i}@example.com`, t + 2000, CLAIM_TTL_MS, OLDEST))?.clientId).toBe(expected);
  });

  it("races: of ten reviewers claiming at once, each gets a different item or none", async () => {
    const t = NOW + 10 * CLAIM_TTL_MS;
    const got = await Promise.all(Array.from({ length: 10 }, (_, i) => claimNext(feature.id, `r${i}@example.com`, t, CLAIM_TTL_MS, OLDEST)));
    const ids = got.filter((g) => g !== null).map((g) => g!.clientId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(["q1", "q2", "q3", "q4", "q5"]);
  });
});

describe("verdicts", () => {
  it("write a human label through ingest, so accuracy counts each output exactly once", async () => {
    const t = NOW + 20 * CLAIM_TTL_MS;
    expect(await accuracy()).toMatchObject({ n: 1, value: 1 }); // the ground-truth label only
    const item = await claimNext(feature.id, "ana@example.com", t, CLAIM_TTL_MS, OLDEST);
    expect(item?.clientId).toBe("q1");
    await recordVerdict(feature, item!.id, "incorrect", "ana@example.com", t);
    expect(await accuracy()).toMatchObject({ n: 2, value: 0.5 });
    const label = await db.label.findUnique({ where: { outputId_source: { outputId: item!.id, source: "human" } } });
    expect(label).toMatchObject({ correct: false, reviewer: "ana@example.com" });

    // A repeated verdict replaces the earlier one; the same one again changes nothing.
    await recordVerdict(feature, item!.id, "correct", "ana@example.com", t + 1000);
    expect(await accuracy()).toMatchObject({ n: 2, value: 1 });
    await recordVerdict(feature, item!.id, "correct", "ana@example.com", t + 2000);
    expect(await accuracy()).toMatchObject({ n: 2, value: 1 });
    expect(await db.label.count({ where: { outputId: item!.id } })).toBe(1);

    // A judged item leaves the queue.
    expect((await claimNext(feature.id, "ana@example.com", t + 3000, CLAIM_TTL_MS, OLDEST))?.clientId).toBe("q2");
  });

  it("refuse outputs of another feature", async () => {
    const other = await givenFeature("queue-other", "beta");
    await ingestEvents([{ type: "output", feature: "queue-other", id: "x1", confidence: 0.5 }], NOW);
    await expect(recordVerdict(feature, `${other.id}:x1`, "correct", "ana@example.com", NOW)).rejects.toMatchObject({ status: 404 });
  });
});

describe("reviewQueueStats", () => {
  it("reports depth, the oldest wait, live claims and review latency", async () => {
    const t = NOW + 20 * CLAIM_TTL_MS + 5000; // Ana holds q2 from the last test
    const stats = await reviewQueueStats(feature.id, t);
    expect(stats).toMatchObject({
      depth: 4, // q2..q5; q1 judged, "settled" has ground truth, "not-flagged" was never flagged
      oldestAt: T0 + 2 * MIN,
      claimed: 1,
      reviewedLast7Days: 1,
    });
    // q1 at T0 + 1 min; its human label dates from the changed verdict at t + 1 s (the repeat was a duplicate).
    expect(stats.latencyMedianMs).toBe(NOW + 20 * CLAIM_TTL_MS + 1000 - (T0 + MIN));
  });
});

describe("review latency over many verdicts", () => {
  it("gives the same median and p90 as the quantile of every wait, and counts only the last 7 days", async () => {
    const other = await givenFeature("queue-latency", "beta");
    const waits = Array.from({ length: 100 }, (_, i) => ((i * 7919) % 101) * 60_000 + (i % 3) * 1000); // p50, p90 between ranks
    const week = 7 * 24 * 60 * MIN;
    await db.reviewVerdict.createMany({
      data: [
        ...waits.map((w, i) => ({ outputId: `${other.id}:w${i}`, featureId: other.id, at: BigInt(NOW - i * MIN), waitMs: BigInt(w) })),
        { outputId: `${other.id}:old`, featureId: other.id, at: BigInt(NOW - week - MIN), waitMs: BigInt(99 * 3_600_000) },
      ],
    });
    const stats = await reviewQueueStats(other.id, NOW);
    expect(stats.reviewedLast7Days).toBe(100);
    expect(stats.latencyMedianMs).toBe(Math.round(quantile(waits, 0.5)!));
    expect(stats.latencyP90Ms).toBe(Math.round(quantile(waits, 0.9)!));
  });

  it("describes the newest verdicts when a week has more than it sorts, and still counts them all", async () => {
    const busy = await givenFeature("queue-busy", "beta");
    const newest = Array.from({ length: LATENCY_SAMPLE }, (_, i) => ({ outputId: `${busy.id}:n${i}`, featureId: busy.id, at: BigInt(NOW - i * 1000), waitMs: BigInt(60_000) }));
    const older = Array.from({ length: 200 }, (_, i) => ({ outputId: `${busy.id}:o${i}`, featureId: busy.id, at: BigInt(NOW - 24 * 60 * MIN - i), waitMs: BigInt(10 * 60 * MIN) }));
    await db.reviewVerdict.createMany({ data: [...newest, ...older] });
    const stats = await reviewQueueStats(busy.id, NOW);
    expect(stats.reviewedLast7Days).toBe(LATENCY_SAMPLE + 200);
    expect(stats.latencyMedianMs).toBe(60_000);
    expect(stats.latencyP90Ms).toBe(60_000);
  });
});
