import { db, dbReady, Prisma, writeTransaction } from "../db";
import { byteOrder } from "../store/sql-dialect";
import { badnessFactors, badnessScore, type TicketSeverity } from "../domain/badness";
import { weekStart, WEEK_MS } from "../domain/review-range";
import type { WorstGroup, WorstItem } from "../domain/review-export";
import { effectiveVerdict, type LabelSource } from "../domain/rollup";
import { notFound } from "../errors";
import { readRows } from "../store/raw-sql";
import type { SaveReviewInput } from "../schemas/review";

// The weekly worst-N review: the candidates ingest keeps (WorstCandidate), ranked by the badness
// score and grouped by failure, with their labels, feedback, tickets and the reviewers' tags and notes.

const num = (v: bigint | number | null | undefined) => (v === null || v === undefined ? null : Number(v));

/** A row of the week's candidates as the walk reads it (lib/data/worst-candidates.ts keeps the table). */
interface CandidateRef {
  outputId: string;
  groupKey: string;
}

// The review's order (lib/domain/badness.ts compareWorst) in SQL; ids compare by code unit in JS,
// by bytes on SQLite, and by the "C" collation on PostgreSQL (the default collation is the locale's).
const worstOrder = () =>
  Prisma.raw(`"score" DESC, "confidence" DESC, "at" DESC, ${byteOrder("outputId")}`);

/**
 * Walks the week's candidates worst first, a page at a time, until it has the `limit` worst
 * outputs and the worst member of `limit` distinct groups (a group ranks by its worst member).
 * The (featureId, score, confidence, at, outputId, groupKey) index serves the order: the walk
 * reads a few pages, not the week.
 */
async function walkWorst(featureId: string, from: number, to: number, limit: number) {
  const top: CandidateRef[] = [];
  const representatives = new Map<string, CandidateRef>();
  let offset = 0;
  for (let page = Math.max(100, limit * 5); ; page *= 4) {
    const rows = await readRows<CandidateRef>(Prisma.sql`
      SELECT "outputId", "groupKey" FROM "WorstCandidate"
      WHERE "featureId" = ${featureId} AND "at" >= ${from} AND "at" < ${to}
      ORDER BY ${worstOrder()} LIMIT ${page} OFFSET ${offset}`);
    for (const r of rows) {
      if (top.length < limit) top.push(r);
      if (representatives.size < limit && !representatives.has(r.groupKey)) representatives.set(r.groupKey, r);
    }
    offset += rows.length;
    if (rows.length < page || (top.length >= limit && representatives.size >= limit)) break;
  }
  return { top, representatives: [...representatives.values()] };
}

/** What a group's card states beyond its worst member (the fields of WorstGroup the table gives). */
type GroupFacts = Pick<WorstGroup, "count" | "unitCount" | "units" | "segments" | "phases" | "firstAt" | "lastAt" | "outputIds">;

/** Count, reach and members (worst first) of the given groups in [from, to), from the candidate table. */
async function groupFacts(featureId: string, from: number, to: number, keys: string[], representativeOf: Map<string, string>) {
  const out = new Map<string, GroupFacts>();
  if (keys.length === 0) return out;
  const inKeys = Prisma.join(keys);
  const scope = Prisma.sql`"featureId" = ${featureId} AND "groupKey" IN (${inKeys}) AND "at" >= ${from} AND "at" < ${to}`;
  const [totals, segments, phases] = await Promise.all([
    readRows<{ groupKey: string; count: number; unitCount: number; firstAt: number; lastAt: number }>(Prisma.sql`
      SELECT "groupKey", COUNT(*) AS "count", COUNT(DISTINCT NULLIF("unit", '')) AS "unitCount", MIN("at") AS "firstAt", MAX("at") AS "lastAt"
      FROM "WorstCandidate" WHERE ${scope} GROUP BY "groupKey"`),
    readRows<{ groupKey: string; segment: string; count: number }>(Prisma.sql`
      SELECT "groupKey", "segment", COUNT(*) AS "count" FROM "WorstCandidate" WHERE ${scope} GROUP BY "groupKey", "segment"`),
    readRows<{ groupKey: string; phase: string }>(Prisma.sql`SELECT DISTINCT "groupKey", "phase" FROM "WorstCandidate" WHERE ${scope}`),
  ]);
  const unitOrder = Prisma.raw(byteOrder("unit"));
  for (const t of totals) {
    const one = Prisma.sql`"featureId" = ${featureId} AND "groupKey" = ${t.groupKey} AND "at" >= ${from} AND "at" < ${to}`;
    const count = Number(t.count);
    const unitCount = Number(t.unitCount);
    const [units, members] = await Promise.all([
      unitCount === 0
        ? []
        : readRows<{ unit: string }>(Prisma.sql`
            SELECT DISTINCT ${unitOrder} AS "unit" FROM "WorstCandidate" WHERE ${one} AND "unit" IS NOT NULL AND "unit" <> '' ORDER BY 1 LIMIT 50`),
      count === 1 && representativeOf.has(t.groupKey)
        ? [{ outputId: representativeOf.get(t.groupKey)! }]
        : readRows<{ outputId: string }>(Prisma.sql`
            SELECT "outputId" FROM "WorstCandidate" WHERE ${one} ORDER BY ${worstOrder()} LIMIT ${GROUP_MEMBER_LIST}`),
    ]);
    out.set(t.groupKey, {
      count,
      unitCount,
      units: units.map((u) => u.unit).sort(),
      segments: [],
      phases: [],
      firstAt: Number(t.firstAt),
      lastAt: Number(t.lastAt),
      outputIds: members.map((m) => m.outputId),
    });
  }
  for (const s of segments) out.get(s.groupKey)?.segments.push({ segment: s.segment, count: Number(s.count) });
  for (const p of phases) out.get(p.groupKey)?.phases.push(p.phase);
  for (const g of out.values()) {
    g.segments.sort((a, b) => b.count - a.count || (a.segment < b.segment ? -1 : 1));
    g.phases.sort();
  }
  return out;
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
 * The week's review both ways: `items`, the `limit` worst outputs, and `groups`, the `limit` worst
 * groups of near-identical failures (lib/domain/failure-groups.ts), each shown by its worst member
 * with the count and the units and segments it reached. Ranks and groups on the WorstCandidate
 * table that ingest keeps (score and group key per bad output); the text, labels, feedback and
 * tickets are loaded only for the outputs shown.
 */
export async function worstReview(featureId: string, q: WorstQueryRange): Promise<{ items: WorstItem[]; groups: WorstGroup[] }> {
  await dbReady();
  const { top, representatives } = await walkWorst(featureId, q.from, q.to, q.limit);
  const representativeOf = new Map(representatives.map((r) => [r.groupKey, r.outputId]));
  const keys = [...new Set([...representatives.map((r) => r.groupKey), ...top.map((r) => r.groupKey)])];
  const [facts, details] = await Promise.all([
    groupFacts(featureId, q.from, q.to, keys, representativeOf),
    itemDetails(featureId, [...top, ...representatives].map((r) => r.outputId)),
  ]);
  const items = top.map((r, i) => ({ ...details.get(r.outputId)!, rank: i + 1, group: { key: r.groupKey, count: facts.get(r.groupKey)?.count ?? 1 } }));
  const groups: WorstGroup[] = representatives.map((r, i) => {
    const g = facts.get(r.groupKey)!;
    return {
      key: r.groupKey,
      rank: i + 1,
      count: g.count,
      unitCount: g.unitCount,
      units: g.units,
      segments: g.segments,
      phases: g.phases,
      firstAt: g.firstAt,
      lastAt: g.lastAt,
      outputIds: g.outputIds,
      item: { ...details.get(r.outputId)!, rank: i + 1, group: { key: r.groupKey, count: g.count } },
    };
  });
  return { items, groups };
}

/** Everything a reviewer reads about the outputs, with their badness factors (rank set by the caller). */
async function itemDetails(featureId: string, outputIds: string[]): Promise<Map<string, WorstItem>> {
  const ids = [...new Set(outputIds)];
  const out = new Map<string, WorstItem>();
  if (ids.length === 0) return out;
  const [outputs, labels, feedback, tickets, reviews] = await Promise.all([
    db.output.findMany({ where: { id: { in: ids } } }),
    db.label.findMany({ where: { outputId: { in: ids } }, orderBy: [{ at: "asc" }, { source: "asc" }] }),
    db.feedback.findMany({ where: { outputId: { in: ids } } }),
    db.ticketMention.findMany({ where: { outputId: { in: ids } }, orderBy: [{ at: "asc" }, { id: "asc" }] }),
    reviewsOf(ids),
  ]);
  const fb = new Map(feedback.map((f) => [f.outputId, f]));
  const prefix = `${featureId}:`;
  for (const o of outputs) {
    const f = fb.get(o.id);
    const own = labels.filter((l) => l.outputId === o.id);
    const ticketsOf = tickets.filter((t) => t.outputId === o.id);
    const verdicts: Partial<Record<LabelSource, boolean>> = {};
    for (const l of own) verdicts[l.source as LabelSource] = l.correct;
    const factors = badnessFactors({
      id: o.id,
      confidence: o.confidence ?? 0, // without a confidence no error is a confident one
      at: Number(o.at),
      shown: o.shown,
      correct: effectiveVerdict(verdicts),
      thumbs: (f?.value as "up" | "down" | undefined) ?? null,
      comment: Boolean(f?.comment),
      tickets: ticketsOf.map((t) => t.severity as TicketSeverity),
    });
    out.set(o.id, {
      rank: 0,
      score: badnessScore(factors),
      factors,
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
      labels: own.map((l) => ({ source: l.source, correct: l.correct, reviewer: l.reviewer, at: Number(l.at) })),
      feedback: f ? { value: f.value as "up" | "down", comment: f.comment, at: Number(f.at) } : null,
      tickets: ticketsOf.map((t) => ({ id: t.id.startsWith(prefix) ? t.id.slice(prefix.length) : t.id, severity: t.severity as TicketSeverity, subject: t.subject, at: Number(t.at) })),
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
  confidence: number | null;
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
