import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { givenFeature } from "../testing/fixtures";
import { featureMetrics } from "../read/metrics";
import { ingestEvents } from "../use-cases/ingest";
import { CLAIM_TTL_MS, claimNext, recordVerdict, reviewQueueStats, setAsideOlder, undoLastVerdict, type QueueView } from "./review-queue";

// The queue serves what matters now: the current phase first, then by risk and recency; each
// item says why it is there; a verdict can be undone exactly; a stale backlog can be set aside.

const DAY = 86_400_000;
const NOW = Date.parse("2026-11-28T12:00:00Z");
const H = 3_600_000;
let feature: { id: string; key: string };
const view = (extra: Partial<QueueView> = {}): QueueView => ({ order: "risk", filter: {}, currentPhase: "early-access", ...extra });
const sid = (c: string) => `${feature.id}:${c}`;

beforeAll(async () => {
  feature = await givenFeature("risk-queue", "early-access");
  const out = (id: string, hoursAgo: number, extra: Record<string, unknown> = {}) => ({
    type: "output", feature: "risk-queue", id, confidence: 0.7, timestamp: NOW - hoursAgo * H, review: true, phase: "early-access", ...extra,
  });
  await ingestEvents(
    [
      out("beta-fresh", 0.5, { phase: "beta", confidence: 0.99 }), // an earlier phase: after the current one's items
      out("plain-new", 1),
      out("plain-old", 20 * 24),
      out("down", 10, { segment: "enterprise" }),
      out("judged-wrong", 5, { confidence: 0.97, inputType: "sql" }),
      out("ticket-old", 21 * 24),
      { type: "feedback", feature: "risk-queue", outputId: "down", value: "down" },
      { type: "label", feature: "risk-queue", outputId: "judged-wrong", correct: false, source: "heuristic" },
      { type: "ticket", feature: "risk-queue", id: "t1", outputId: "ticket-old", severity: "high" },
    ],
    NOW,
  );
});

const order = async (v: QueueView, reviewer: string, t: number) => {
  const got: string[] = [];
  for (;;) {
    const item = await claimNext(feature.id, reviewer, t, CLAIM_TTL_MS, v);
    if (!item) return got;
    got.push(item.clientId);
    await recordVerdict(feature, item.id, "skip", reviewer, t);
  }
};

describe("risk order", () => {
  it("serves the current phase first, confidently wrong and flagged before plain, recent before stale", async () => {
    expect(await order(view(), "ana@example.com", NOW)).toEqual(["judged-wrong", "down", "plain-new", "plain-old", "ticket-old", "beta-fresh"]);
    expect(await order(view({ order: "oldest" }), "ben@example.com", NOW)).toEqual(["ticket-old", "plain-old", "down", "judged-wrong", "plain-new", "beta-fresh"]);
  });

  it("filters by phase, segment, input type and reason, and says why each item is there", async () => {
    expect(await order(view({ filter: { phase: "beta" } }), "cleo@example.com", NOW)).toEqual(["beta-fresh"]);
    expect(await order(view({ filter: { segment: "enterprise" } }), "dan@example.com", NOW)).toEqual(["down"]);
    expect(await order(view({ filter: { inputType: "sql" } }), "eve@example.com", NOW)).toEqual(["judged-wrong"]);
    expect(await order(view({ filter: { reason: "ticket" } }), "fay@example.com", NOW)).toEqual(["ticket-old"]);
    const item = await claimNext(feature.id, "gus@example.com", NOW, CLAIM_TTL_MS, view());
    expect(item?.reasons).toEqual(["judge_wrong", "confident", "product_flag"]);
  });
});

describe("undo", () => {
  it("restores the previous state and the accuracy figure exactly", async () => {
    const accuracy = async () => (await featureMetrics(feature.id, { from: NOW - 30 * DAY, to: NOW + H, interval: "day" })).totals.accuracy;
    const t = NOW + 10 * CLAIM_TTL_MS;
    const before = await accuracy(); // the judge's label only: 0 of 1
    expect(before).toMatchObject({ n: 1, value: 0 });
    const statsBefore = await reviewQueueStats(feature.id, t);

    const item = (await claimNext(feature.id, "hal@example.com", t, CLAIM_TTL_MS, view()))!;
    expect(item.clientId).toBe("judged-wrong");
    await recordVerdict(feature, item.id, "correct", "hal@example.com", t, "judge is wrong: the join is right");
    expect(await accuracy()).toMatchObject({ n: 1, value: 1 }); // the human overrules the judge
    expect(await db.reviewPending.findUnique({ where: { outputId: item.id } })).toBeNull();
    expect((await reviewQueueStats(feature.id, t)).doneToday).toBe(statsBefore.doneToday + 1);
    expect(await db.reviewDecision.findFirst({ where: { outputId: item.id } })).toMatchObject({ note: "judge is wrong: the join is right", verdict: "correct" });

    const undone = await undoLastVerdict(feature, "hal@example.com", t + 1000);
    expect(undone).toMatchObject({ outputId: item.id, verdict: "correct", item: { clientId: "judged-wrong" } });
    expect(await accuracy()).toEqual(before);
    expect(await db.label.findUnique({ where: { outputId_source: { outputId: item.id, source: "human" } } })).toBeNull();
    expect(await db.reviewPending.findUnique({ where: { outputId: item.id } })).toMatchObject({ flags: expect.any(Number) });
    expect((await reviewQueueStats(feature.id, t)).depth).toBe(statsBefore.depth);
    expect((await reviewQueueStats(feature.id, t)).doneToday).toBe(statsBefore.doneToday);
    await expect(undoLastVerdict(feature, "hal@example.com", t + 2000)).rejects.toMatchObject({ status: 404, code: "nothing_to_undo" });
  });

  it("puts back an earlier human verdict that the undone one replaced", async () => {
    const t = NOW + 20 * CLAIM_TTL_MS;
    await recordVerdict(feature, sid("down"), "incorrect", "ivy@example.com", t);
    await recordVerdict(feature, sid("down"), "correct", "ivy@example.com", t + 1);
    await undoLastVerdict(feature, "ivy@example.com", t + 2);
    expect(await db.label.findUnique({ where: { outputId_source: { outputId: sid("down"), source: "human" } } })).toMatchObject({ correct: false, reviewer: "ivy@example.com" });
    // someone else judged it since: undoing the first verdict would lose theirs
    await recordVerdict(feature, sid("plain-new"), "incorrect", "jo@example.com", t + 3);
    await ingestEvents([{ type: "label", feature: "risk-queue", outputId: "plain-new", correct: true, source: "human", reviewer: "kim" }], t + 4);
    await expect(undoLastVerdict(feature, "jo@example.com", t + 5)).rejects.toMatchObject({ status: 409, code: "changed_since" });
  });
});

describe("set aside", () => {
  it("takes items older than the cut-off out of the queue, with a reason, audited", async () => {
    const t = NOW + 40 * CLAIM_TTL_MS;
    const depth = (await reviewQueueStats(feature.id, t)).depth;
    const r = await setAsideOlder(feature, { olderThanDays: 14, reason: "backlog from before the fix" }, "lea@example.com", t);
    expect(r.setAside).toBe(2); // plain-old, ticket-old
    const stats = await reviewQueueStats(feature.id, t);
    expect(stats).toMatchObject({ depth: depth - 2, setAside: 2 });
    expect(await db.reviewSetAside.findUnique({ where: { outputId: sid("ticket-old") } })).toMatchObject({ reason: "backlog from before the fix", setAsideBy: "lea@example.com" });
    const event = await db.auditEvent.findFirst({ where: { action: "review.set_aside", target: "risk-queue" } });
    expect(event).toMatchObject({ actor: "user:lea@example.com", reason: "backlog from before the fix" });
    expect(JSON.parse(event!.after!)).toMatchObject({ setAside: 2 });
  });
});
