import { db, dbReady, Prisma, writeTransaction } from "../db";
import { rankWorst, type BadnessSignals, type RankedOutput, type TicketSeverity } from "../domain/badness";
import { groupFailures } from "../domain/failure-groups";
import { weekStart, WEEK_MS } from "../domain/review-range";
import type { WorstGroup, WorstItem } from "../domain/review-export";
import { effectiveVerdict, type LabelSource } from "../domain/rollup";
import { notFound } from "../errors";
import { readRows } from "./raw-sql";
import type { SaveReviewInput } from "../schemas/review";

// The weekly worst-N review: candidates from raw rows, ranked by the badness score, with their
// labels, feedback, tickets and the reviewers' tags and notes.

const num = (v: bigint | number | null | undefined) => (v === null || v === undefined ? null : Number(v));

interface CandidateRow {
  id: string;
  input: string | null;
  output: string | null;
  unit: string | null;
  segment: string;
  phase: string;
  confidence: number;
  at: bigint | number;
  shown: boolean | number;
  source: string | null;
  correct: boolean | number | null;
  thumbs: string | null;
  comment: string | null;
  ticketId: string | null;
  severity: string | null;
}

/**
 * Outputs of the feature in [from, to) with at least one bad signal (an incorrect label, a thumbs
 * down, a linked ticket), one row per output × label × ticket. Walks the (featureId, at) index and
 * probes each signal by primary key or the ticket's outputId index: one query, no IN lists.
 */
type Candidate = BadnessSignals & { input: string | null; output: string | null; unit: string | null; segment: string; phase: string };

async function candidates(featureId: string, from: number, to: number): Promise<Candidate[]> {
  await dbReady();
  // on the raw connection (raw-sql.ts): Prisma's raw path converted every column of every row
  const rows = await readRows<CandidateRow>(Prisma.sql`
    SELECT o."id", o."input", o."output", o."unit", o."segment", o."phase", o."confidence", o."at", o."shown", l."source", l."correct", f."value" AS "thumbs", f."comment",
           t."id" AS "ticketId", t."severity"
    FROM "Output" o
    LEFT JOIN "Label" l ON l."outputId" = o."id"
    LEFT JOIN "Feedback" f ON f."outputId" = o."id"
    LEFT JOIN "TicketMention" t ON t."outputId" = o."id"
    WHERE o."featureId" = ${featureId} AND o."at" >= ${from} AND o."at" < ${to}
      AND (EXISTS (SELECT 1 FROM "Label" x WHERE x."outputId" = o."id" AND x."correct" = ${false})
        OR EXISTS (SELECT 1 FROM "Feedback" y WHERE y."outputId" = o."id" AND y."value" = 'down')
        OR EXISTS (SELECT 1 FROM "TicketMention" z WHERE z."outputId" = o."id"))`);
  type Collected = { row: CandidateRow; verdicts: Partial<Record<LabelSource, boolean>>; tickets: Map<string, TicketSeverity> };
  const byId = new Map<string, Collected>();
  for (const r of rows) {
    const c: Collected = byId.get(r.id) ?? { row: r, verdicts: {}, tickets: new Map() };
    if (r.source !== null && r.correct !== null) c.verdicts[r.source as LabelSource] = Boolean(Number(r.correct));
    if (r.ticketId !== null) c.tickets.set(r.ticketId, r.severity as TicketSeverity);
    byId.set(r.id, c);
  }
  return [...byId.values()].map(({ row, verdicts, tickets }) => ({
    id: row.id,
    confidence: Number(row.confidence),
    at: Number(row.at),
    shown: Boolean(Number(row.shown)),
    correct: effectiveVerdict(verdicts),
    thumbs: (row.thumbs as "up" | "down" | null) ?? null,
    comment: Boolean(row.comment),
    tickets: [...tickets.values()],
    input: row.input,
    output: row.output,
    unit: row.unit,
    segment: row.segment,
    phase: row.phase,
  }));
}

export interface WorstQueryRange {
  from: number;
  to: number;
  limit: number;
}

/** The `limit` worst outputs of the feature in [from, to), worst first, with everything a reviewer reads. */
export async function worstOutputs(featureId: string, q: WorstQueryRange): Promise<WorstItem[]> {
  return (await worstReview(featureId, q)).items;
}

/** At most this many outputs of a group are listed by id (the count is always exact). */
export const GROUP_MEMBER_LIST = 500;

/**
 * The week's review both ways, from one pass over the candidates: `items`, the `limit` worst
 * outputs (as before), and `groups`, the `limit` worst groups of near-identical failures, each
 * shown by its worst member with the count and the units and segments it reached.
 */
export async function worstReview(featureId: string, q: WorstQueryRange): Promise<{ items: WorstItem[]; groups: WorstGroup[] }> {
  const ranked = rankWorst(await candidates(featureId, q.from, q.to), Infinity);
  const top = ranked.slice(0, q.limit);
  const all = groupFailures(ranked.map((r) => ({ ...r.item, ranked: r })));
  const grouped = all.slice(0, q.limit);
  const details = await itemDetails(featureId, [...top, ...grouped.map((g) => g.representative.ranked)]);
  const items = top.map((r) => details.get(r.item.id)!);
  const keyOf = new Map<string, { key: string; count: number }>();
  for (const g of all) for (const m of g.members) keyOf.set(m.id, { key: g.key, count: g.count });
  for (const i of items) i.group = keyOf.get(i.id) ?? { key: `id:${i.id}`, count: 1 };
  const groups: WorstGroup[] = grouped.map((g) => {
    const item = { ...details.get(g.representative.id)!, rank: g.rank, group: { key: g.key, count: g.count } };
    return {
      key: g.key,
      rank: g.rank,
      count: g.count,
      unitCount: g.units.length,
      units: g.units.slice(0, 50),
      segments: g.segments,
      phases: g.phases,
      firstAt: g.firstAt,
      lastAt: g.lastAt,
      outputIds: g.members.slice(0, GROUP_MEMBER_LIST).map((m) => m.id),
      item,
    };
  });
  return { items, groups };
}

async function itemDetails(featureId: string, ranked: RankedOutput[]): Promise<Map<string, WorstItem>> {
  const ids = [...new Set(ranked.map((r) => r.item.id))];
  const out = new Map<string, WorstItem>();
  if (ids.length === 0) return out;
  const [outputs, labels, feedback, tickets, reviews] = await Promise.all([
    db.output.findMany({ where: { id: { in: ids } } }),
    db.label.findMany({ where: { outputId: { in: ids } }, orderBy: [{ at: "asc" }, { source: "asc" }] }),
    db.feedback.findMany({ where: { outputId: { in: ids } } }),
    db.ticketMention.findMany({ where: { outputId: { in: ids } }, orderBy: [{ at: "asc" }, { id: "asc" }] }),
    reviewsOf(ids),
  ]);
  const byId = new Map(outputs.map((o) => [o.id, o]));
  const fb = new Map(feedback.map((f) => [f.outputId, f]));
  const prefix = `${featureId}:`;
  for (const r of ranked) {
    if (out.has(r.item.id)) continue;
    const o = byId.get(r.item.id)!;
    const f = fb.get(o.id);
    out.set(o.id, {
      rank: r.rank,
      score: r.score,
      factors: r.factors,
      id: o.id,
      clientId: o.clientId,
      at: Number(o.at),
      confidence: o.confidence,
      shown: o.shown,
      phase: o.phase,
      segment: o.segment,
      unit: o.unit,
      inputType: o.inputType,
      model: o.model,
      input: o.input,
      output: o.output,
      labels: labels
        .filter((l) => l.outputId === o.id)
        .map((l) => ({ source: l.source, correct: l.correct, reviewer: l.reviewer, at: Number(l.at) })),
      feedback: f ? { value: f.value as "up" | "down", comment: f.comment, at: Number(f.at) } : null,
      tickets: tickets
        .filter((t) => t.outputId === o.id)
        .map((t) => ({ id: t.id.startsWith(prefix) ? t.id.slice(prefix.length) : t.id, severity: t.severity as TicketSeverity, subject: t.subject, at: Number(t.at) })),
      review: reviews.get(o.id) ?? { tags: [], note: "", reviewed: false, reviewedBy: null, reviewedAt: null },
    });
  }
  return out;
}

async function reviewsOf(ids: string[]): Promise<Map<string, WorstItem["review"]>> {
  const [items, tags] = await Promise.all([
    db.reviewItem.findMany({ where: { outputId: { in: ids } } }),
    db.reviewTag.findMany({ where: { outputId: { in: ids } }, orderBy: [{ createdAt: "asc" }, { tag: "asc" }] }),
  ]);
  const out = new Map<string, WorstItem["review"]>();
  for (const i of items) {
    out.set(i.outputId, { tags: [], note: i.note, reviewed: i.reviewed, reviewedBy: i.reviewedBy, reviewedAt: num(i.reviewedAt) });
  }
  for (const t of tags) {
    const r = out.get(t.outputId) ?? { tags: [], note: "", reviewed: false, reviewedBy: null, reviewedAt: null };
    r.tags.push(t.tag);
    out.set(t.outputId, r);
  }
  return out;
}

/**
 * Stores a reviewer's tags, note and reviewed mark for one output of the feature. Tags are
 * replaced by the given set; "reviewed by" keeps the first reviewer until the mark is removed.
 */
export async function saveReview(featureId: string, input: SaveReviewInput, by: string, now = Date.now()) {
  const output = await db.output.findUnique({ where: { id: input.outputId }, select: { featureId: true, at: true } });
  if (!output || output.featureId !== featureId) throw notFound("No such output for this feature");
  const week = BigInt(weekStart(Number(output.at)));
  const at = BigInt(now);
  await writeTransaction(async (tx) => {
    const before = await tx.reviewItem.findUnique({ where: { outputId: input.outputId } });
    const reviewedBy = input.reviewed ? (before?.reviewed ? before.reviewedBy : by) : null;
    const reviewedAt = input.reviewed ? (before?.reviewed ? before.reviewedAt : at) : null;
    const data = { note: input.note, reviewed: input.reviewed, reviewedBy, reviewedAt, updatedBy: by, updatedAt: at };
    await tx.reviewItem.upsert({
      where: { outputId: input.outputId },
      create: { outputId: input.outputId, featureId, week, ...data },
      update: data,
    });
    const existing = new Set((await tx.reviewTag.findMany({ where: { outputId: input.outputId }, select: { tag: true } })).map((t) => t.tag));
    const removed = [...existing].filter((t) => !input.tags.includes(t));
    const added = input.tags.filter((t) => !existing.has(t));
    if (removed.length) await tx.reviewTag.deleteMany({ where: { outputId: input.outputId, tag: { in: removed } } });
    if (added.length) {
      await tx.reviewTag.createMany({
        data: added.map((tag) => ({ outputId: input.outputId, tag, featureId, week, createdBy: by, createdAt: at })),
      });
    }
  });
}

/** Tags used before, most used first: this feature's, then other features' (for the tag input). */
export async function tagSuggestions(featureId: string, limit = 30): Promise<string[]> {
  const [own, all] = await Promise.all([
    db.reviewTag.groupBy({ by: ["tag"], where: { featureId }, _count: { tag: true }, orderBy: [{ _count: { tag: "desc" } }, { tag: "asc" }], take: limit }),
    db.reviewTag.groupBy({ by: ["tag"], _count: { tag: true }, orderBy: [{ _count: { tag: "desc" } }, { tag: "asc" }], take: limit }),
  ]);
  return [...new Set([...own.map((t) => t.tag), ...all.map((t) => t.tag)])].slice(0, limit);
}

export interface TagPatterns {
  /** Monday 00:00 UTC of each week, oldest first */
  weeks: number[];
  /** most used first; counts[i] belongs to weeks[i] */
  tags: { tag: string; total: number; counts: number[] }[];
}

/** Tagged outputs per tag and week over the last `weeks` weeks (by the outputs' time). */
export async function tagPatterns(featureId: string, now = Date.now(), weeks = 12): Promise<TagPatterns> {
  const last = weekStart(now);
  const starts = Array.from({ length: weeks }, (_, i) => last - (weeks - 1 - i) * WEEK_MS);
  const rows = await db.reviewTag.groupBy({
    by: ["week", "tag"],
    where: { featureId, week: { gte: BigInt(starts[0]) } },
    _count: { tag: true },
  });
  const byTag = new Map<string, number[]>();
  for (const r of rows) {
    const i = starts.indexOf(Number(r.week));
    if (i < 0) continue;
    const counts = byTag.get(r.tag) ?? starts.map(() => 0);
    counts[i] += r._count.tag;
    byTag.set(r.tag, counts);
  }
  const tags = [...byTag].map(([tag, counts]) => ({ tag, counts, total: counts.reduce((a, b) => a + b, 0) }));
  tags.sort((a, b) => b.total - a.total || (a.tag < b.tag ? -1 : 1));
  return { weeks: starts, tags };
}

export interface TaggedOutput {
  id: string;
  clientId: string;
  at: number;
  confidence: number;
  output: string | null;
  note: string;
  tags: string[];
}

/** The outputs carrying `tag`, newest first. */
export async function outputsWithTag(featureId: string, tag: string, limit = 200): Promise<TaggedOutput[]> {
  const rows = await db.reviewTag.findMany({
    where: { featureId, tag },
    orderBy: [{ week: "desc" }, { outputId: "asc" }],
    take: limit,
    select: { outputId: true },
  });
  const ids = rows.map((r) => r.outputId);
  if (ids.length === 0) return [];
  const [outputs, reviews] = await Promise.all([
    db.output.findMany({ where: { id: { in: ids } }, select: { id: true, clientId: true, at: true, confidence: true, output: true } }),
    reviewsOf(ids),
  ]);
  return outputs
    .map((o) => ({
      id: o.id,
      clientId: o.clientId,
      at: Number(o.at),
      confidence: o.confidence,
      output: o.output,
      note: reviews.get(o.id)?.note ?? "",
      tags: reviews.get(o.id)?.tags ?? [],
    }))
    .sort((a, b) => b.at - a.at || (a.id < b.id ? -1 : 1));
}

/** The outputs' week (Monday of each output's time), after checking every one belongs to the feature. */
async function weeksOf(featureId: string, outputIds: string[]): Promise<Map<string, bigint>> {
  const rows = await db.output.findMany({ where: { id: { in: outputIds } }, select: { id: true, featureId: true, at: true } });
  if (rows.length !== new Set(outputIds).size || rows.some((r) => r.featureId !== featureId)) throw notFound("No such output for this feature");
  return new Map(rows.map((r) => [r.id, BigInt(weekStart(Number(r.at)))]));
}

/**
 * Adds and removes failure-pattern tags on several outputs at once (a group, or several selected
 * groups): the tag input saves each tag as it is added. Tags already present stay as they are.
 * Returns how many outputs now carry each added tag.
 */
export async function tagOutputs(
  featureId: string,
  input: { outputIds: string[]; add: string[]; remove: string[] },
  by: string,
  now = Date.now(),
): Promise<{ outputs: number }> {
  const weeks = await weeksOf(featureId, input.outputIds);
  const at = BigInt(now);
  await writeTransaction(async (tx) => {
    if (input.remove.length) await tx.reviewTag.deleteMany({ where: { outputId: { in: input.outputIds }, tag: { in: input.remove } } });
    if (input.add.length) {
      const existing = await tx.reviewTag.findMany({ where: { outputId: { in: input.outputIds }, tag: { in: input.add } }, select: { outputId: true, tag: true } });
      const have = new Set(existing.map((e) => `${e.outputId}\u0000${e.tag}`));
      const data = input.outputIds.flatMap((outputId) =>
        input.add
          .filter((tag) => !have.has(`${outputId}\u0000${tag}`))
          .map((tag) => ({ outputId, tag, featureId, week: weeks.get(outputId)!, createdBy: by, createdAt: at })),
      );
      if (data.length) await tx.reviewTag.createMany({ data });
    }
  });
  return { outputs: weeks.size };
}

/** The note and/or the reviewed mark on several outputs at once (every member of a group). */
export async function markOutputs(
  featureId: string,
  input: { outputIds: string[]; note?: string; reviewed?: boolean },
  by: string,
  now = Date.now(),
): Promise<{ outputs: number }> {
  const weeks = await weeksOf(featureId, input.outputIds);
  const at = BigInt(now);
  await writeTransaction(async (tx) => {
    const before = new Map((await tx.reviewItem.findMany({ where: { outputId: { in: input.outputIds } } })).map((r) => [r.outputId, r]));
    for (const outputId of input.outputIds) {
      const b = before.get(outputId);
      const reviewed = input.reviewed ?? b?.reviewed ?? false;
      const data = {
        note: input.note ?? b?.note ?? "",
        reviewed,
        reviewedBy: reviewed ? (b?.reviewed ? b.reviewedBy : by) : null,
        reviewedAt: reviewed ? (b?.reviewed ? b.reviewedAt : at) : null,
        updatedBy: by,
        updatedAt: at,
      };
      await tx.reviewItem.upsert({ where: { outputId }, create: { outputId, featureId, week: weeks.get(outputId)!, ...data }, update: data });
    }
  });
  return { outputs: weeks.size };
}
