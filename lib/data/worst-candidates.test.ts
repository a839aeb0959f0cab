import { beforeAll, describe, expect, it } from "vitest";
import { db, Prisma } from "../db";
import { rankWorst } from "../domain/badness";
import { groupFailures } from "../domain/failure-groups";
import { collectCandidateSignals, type CandidateSignalRow } from "../domain/worst-candidate";
import { Random } from "../demo/random";
import { givenFeature } from "../testing/fixtures";
import { ingestEvents } from "../use-cases/ingest";
import { readRows } from "../store/raw-sql";
import { recordVerdict, undoLastVerdict } from "./review-queue";
import { worstReview } from "./review";
import { completeWorstCandidatesBackfill, rebuildWorstCandidates, WORST_CANDIDATES_BACKFILL } from "./worst-candidates-rebuild";

// The weekly review's candidate table, kept by ingest: a row appears, re-scores and disappears as
// an output's signals arrive and change; the worst-20 read on it gives what the previous read
// (every candidate of the week loaded and ranked in memory) gave; the migration's backfill writes
// the same rows as ingest.

const T0 = Date.parse("2026-11-17T14:00:00Z");
const MIN = 60_000;

const rowOf = async (outputId: string) => {
  const r = await db.worstCandidate.findUnique({ where: { outputId } });
  return r && { score: r.score, groupKey: r.groupKey, at: Number(r.at), phase: r.phase, segment: r.segment, unit: r.unit };
};
const table = async (featureId: string) =>
  (await db.worstCandidate.findMany({ where: { featureId }, orderBy: { outputId: "asc" } })).map((r) => ({ ...r, at: Number(r.at) }));

describe("the candidate row follows the output's signals", () => {
  let feature: { id: string; key: string };
  const id = (cid: string) => `${feature.id}:${cid}`;
  const send = (events: Record<string, unknown>[], now: number) => ingestEvents(events.map((e) => ({ feature: "wc-signals", ...e })), now);

  beforeAll(async () => {
    feature = { ...(await givenFeature("wc-signals", "beta")), key: "wc-signals" };
    await send(
      [
        { type: "output", id: "a", confidence: 0.9, shown: true, timestamp: T0, input: "Gold?", output: "Buy 20 % gold", unit: "u1", segment: "internal" },
        { type: "output", id: "b", confidence: 0.6, timestamp: T0 + MIN, input: "Bonds?", output: "Sell bonds" },
        { type: "output", id: "fine", confidence: 0.99, shown: true, timestamp: T0 + 2 * MIN, input: "Q", output: "A" },
      ],
      T0 + 10 * MIN,
    );
  });

  it("an incorrect label adds the row; a later correct label takes it out; a resent older label changes nothing", async () => {
    await send([{ type: "label", outputId: "a", correct: false, source: "human", timestamp: T0 + 20 * MIN }], T0 + 20 * MIN);
    expect(await rowOf(id("a"))).toEqual({ score: 1250 + 10, groupKey: expect.stringMatching(/^text:/), at: T0, phase: "beta", segment: "internal", unit: "u1" });
    await send([{ type: "label", outputId: "a", correct: true, source: "human", timestamp: T0 + 30 * MIN }], T0 + 30 * MIN);
    expect(await rowOf(id("a"))).toBeNull();
    await send([{ type: "label", outputId: "a", correct: false, source: "human", timestamp: T0 + 25 * MIN }], T0 + 40 * MIN);
    expect(await rowOf(id("a"))).toBeNull(); // the newest label wins
  });

  it("a thumbs down after the label adds it back; a ticket re-scores it; a thumbs up lowers it again", async () => {
    await send([{ type: "feedback", outputId: "a", value: "down", comment: "wrong", timestamp: T0 + 50 * MIN }], T0 + 50 * MIN);
    expect((await rowOf(id("a")))?.score).toBe(450 + 20 + 10); // thumbs down confident + comment + shown
    await send([{ type: "ticket", id: "t1", outputId: "a", severity: "critical", timestamp: T0 + 60 * MIN }], T0 + 60 * MIN);
    expect((await rowOf(id("a")))?.score).toBe(450 + 20 + 300 + 10);
    await send([{ type: "feedback", outputId: "a", value: "up", timestamp: T0 + 70 * MIN }], T0 + 70 * MIN);
    expect((await rowOf(id("a")))?.score).toBe(300 + 10);
  });

  it("the effective verdict decides: a heuristic 'wrong' overruled by a human 'correct' leaves no row", async () => {
    await send([{ type: "label", outputId: "fine", correct: false, source: "heuristic" }], T0 + 80 * MIN);
    expect((await rowOf(id("fine")))?.score).toBe(1000 + Math.round((500 * (0.99 - 0.8)) / 0.2) + 10);
    await send([{ type: "label", outputId: "fine", correct: true, source: "human" }], T0 + 81 * MIN);
    expect(await rowOf(id("fine"))).toBeNull();
  });

  it("a ticket that names an output before it arrives counts once the output is stored", async () => {
    await send([{ type: "ticket", id: "early", outputId: "late", severity: "high", timestamp: T0 + 90 * MIN }], T0 + 90 * MIN);
    expect(await rowOf(id("late"))).toBeNull();
    await send([{ type: "output", id: "late", confidence: 0.7, shown: false, timestamp: T0 + 89 * MIN, input: "x", output: "y" }], T0 + 91 * MIN);
    expect((await rowOf(id("late")))?.score).toBe(200); // high ticket; the fallback was shown instead
  });

  it("a queue verdict and its undo move the row with the label", async () => {
    await send([{ type: "output", id: "q", confidence: 0.95, timestamp: T0 + 100 * MIN, input: "q", output: "a", review: true }], T0 + 100 * MIN);
    expect(await rowOf(id("q"))).toBeNull();
    await recordVerdict(feature, id("q"), "incorrect", "ana@example.com", T0 + 101 * MIN);
    expect((await rowOf(id("q")))?.score).toBeGreaterThan(1000);
    await undoLastVerdict(feature, "ana@example.com", T0 + 102 * MIN);
    expect(await rowOf(id("q"))).toBeNull();
  });
});

/** The previous read, kept here as the reference: every candidate of the week loaded, ranked and grouped in memory. */
async function previousWorstReview(featureId: string, from: number, to: number, limit: number) {
  const rows = await readRows<CandidateSignalRow>(Prisma.sql`
    SELECT o."id", o."featureId", o."input", o."output", o."unit", o."segment", o."phase", o."confidence", o."at", o."shown", l."source", l."correct", f."value" AS "thumbs", f."comment",
           t."id" AS "ticketId", t."severity"
    FROM "Output" o
    LEFT JOIN "Label" l ON l."outputId" = o."id"
    LEFT JOIN "Feedback" f ON f."outputId" = o."id"
    LEFT JOIN "TicketMention" t ON t."outputId" = o."id"
    WHERE o."featureId" = ${featureId} AND o."at" >= ${from} AND o."at" < ${to}
      AND (EXISTS (SELECT 1 FROM "Label" x WHERE x."outputId" = o."id" AND x."correct" = ${false})
        OR EXISTS (SELECT 1 FROM "Feedback" y WHERE y."outputId" = o."id" AND y."value" = 'down')
        OR EXISTS (SELECT 1 FROM "TicketMention" z WHERE z."outputId" = o."id"))`);
  const ranked = rankWorst(collectCandidateSignals(rows), Infinity);
  const groups = groupFailures(ranked.map((r) => ({ ...r.item, ranked: r })));
  const countOf = new Map<string, number>();
  for (const g of groups) for (const m of g.members) countOf.set(m.id, g.count);
  return {
    items: ranked.slice(0, limit).map((r) => ({ id: r.item.id, rank: r.rank, score: r.score, factors: r.factors, count: countOf.get(r.item.id) })),
    groups: groups.slice(0, limit).map((g) => ({
      key: g.key,
      rank: g.rank,
      count: g.count,
      unitCount: g.units.length,
      units: g.units.slice(0, 50),
      segments: g.segments,
      phases: g.phases,
      firstAt: g.firstAt,
      lastAt: g.lastAt,
      outputIds: g.members.slice(0, 500).map((m) => m.id),
      item: { id: g.representative.id, score: g.representative.ranked.score, factors: g.representative.ranked.factors },
    })),
  };
}

describe("the read on the candidate table", () => {
  let feature: { id: string };
  const DAY = 86_400_000;

  beforeAll(async () => {
    feature = await givenFeature("wc-history", "beta");
    // A generated week and a half: repeated failures (a few texts many times, with numbers that
    // normalise away), outputs without text, every kind of signal, verdicts that change.
    const rng = new Random(11);
    const texts = ["Should I buy gold?", "Sell all bonds now", "Crypto is safe", "Rates will fall", "Buy the dip"];
    const events: Record<string, unknown>[] = [];
    const later: Record<string, unknown>[] = [];
    for (let i = 0; i < 600; i++) {
      const id = `o${i}`;
      const dup = rng.chance(0.6);
      const t = texts[rng.int(texts.length)];
      events.push({
        type: "output",
        feature: "wc-history",
        id,
        confidence: Math.round((0.5 + 0.5 * rng.next()) * 100) / 100, // coarse: ties in confidence happen
        timestamp: T0 - 3 * DAY + Math.floor(rng.next() * 10 * DAY),
        ...(dup ? { input: `${t} (${rng.int(100)})`, output: `Answer ${rng.int(9)} for ${t}` } : rng.chance(0.5) ? { input: `unique ${i}` } : {}),
        unit: rng.chance(0.8) ? `u${rng.int(40)}` : undefined,
        segment: ["internal", "beta", "default"][rng.int(3)],
      });
      if (rng.chance(0.5)) events.push({ type: "label", feature: "wc-history", outputId: id, correct: rng.chance(0.4), source: ["human", "heuristic", "ground_truth"][rng.int(3)] });
      if (rng.chance(0.2)) events.push({ type: "feedback", feature: "wc-history", outputId: id, value: rng.chance(0.6) ? "down" : "up", comment: rng.chance(0.3) ? "bad" : undefined });
      if (rng.chance(0.08)) events.push({ type: "ticket", feature: "wc-history", id: `t${i}`, outputId: id, severity: ["low", "normal", "high", "critical"][rng.int(4)] });
      if (rng.chance(0.15)) later.push({ type: "label", feature: "wc-history", outputId: id, correct: rng.chance(0.5), source: "human" });
    }
    for (let i = 0; i < events.length; i += 250) await ingestEvents(events.slice(i, i + 250), T0 + 8 * DAY);
    await ingestEvents(later, T0 + 9 * DAY);
  });

  it("ranks and groups exactly as the previous in-memory read, for several weeks and limits", async () => {
    for (const [from, to, limit] of [
      [T0 - 3 * DAY, T0 + 4 * DAY, 20],
      [T0, T0 + 7 * DAY, 20],
      [T0 - 3 * DAY, T0 + 7 * DAY, 5],
      [T0 - 3 * DAY, T0 + 7 * DAY, 200],
      [T0 + 20 * DAY, T0 + 27 * DAY, 20],
    ]) {
      const expected = await previousWorstReview(feature.id, from, to, limit);
      const { items, groups } = await worstReview(feature.id, { from, to, limit });
      expect(items.map((i) => ({ id: i.id, rank: i.rank, score: i.score, factors: i.factors, count: i.group?.count }))).toEqual(expected.items);
      expect(
        groups.map((g) => ({
          key: g.key,
          rank: g.rank,
          count: g.count,
          unitCount: g.unitCount,
          units: g.units,
          segments: g.segments,
          phases: g.phases,
          firstAt: g.firstAt,
          lastAt: g.lastAt,
          outputIds: g.outputIds,
          item: { id: g.item.id, score: g.item.score, factors: g.item.factors },
        })),
      ).toEqual(expected.groups);
    }
    // the history really has groups of several members and ties to break
    const all = await worstReview(feature.id, { from: T0 - 3 * DAY, to: T0 + 7 * DAY, limit: 20 });
    expect(all.groups[0].count).toBeGreaterThan(5);
  });

  it("the migration's backfill writes the same table as ingest did, and clears its marker", async () => {
    const byIngest = await table(feature.id);
    expect(byIngest.length).toBeGreaterThan(100);
    await db.worstCandidate.deleteMany({ where: { featureId: feature.id } });
    await db.setting.upsert({ where: { key: WORST_CANDIDATES_BACKFILL }, create: { key: WORST_CANDIDATES_BACKFILL, value: "pending" }, update: {} });
    expect(await completeWorstCandidatesBackfill()).toBeGreaterThanOrEqual(byIngest.length);
    expect(await table(feature.id)).toEqual(byIngest);
    expect(await db.setting.findUnique({ where: { key: WORST_CANDIDATES_BACKFILL } })).toBeNull();
    expect(await completeWorstCandidatesBackfill()).toBeNull(); // once
  });

  it("a rebuild of a time range leaves the rows outside it alone and rewrites the ones inside", async () => {
    const before = await table(feature.id);
    await db.worstCandidate.updateMany({ where: { featureId: feature.id }, data: { score: 1 } });
    await rebuildWorstCandidates(feature.id, T0, T0 + DAY);
    const after = await table(feature.id);
    expect(after.filter((r) => r.at >= T0 && r.at < T0 + DAY)).toEqual(before.filter((r) => r.at >= T0 && r.at < T0 + DAY));
    expect(after.filter((r) => r.at < T0 || r.at >= T0 + DAY).every((r) => r.score === 1)).toBe(true);
    await rebuildWorstCandidates(feature.id);
    expect(await table(feature.id)).toEqual(before);
  });
});
