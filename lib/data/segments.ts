import { db, writeTransaction, type Tx } from "../db";
import type { TemplateSegment } from "../domain/plan-templates";
import { AppError, notFound } from "../errors";
import type { SegmentInput } from "../schemas/segments";
import { audit } from "./audit";

// Named segments with the reason each forgives mistakes. Phases name segments by key (the decision
// API matches the context's `segment` against those keys), so a key never changes and a segment
// that a phase still uses cannot be deleted.

export interface SegmentRow {
  key: string;
  name: string;
  reason: string;
  /** "feature-key/phase-key" of every phase limited to this segment */
  usedBy: string[];
}

export async function listSegments(): Promise<SegmentRow[]> {
  const [segments, phases] = await Promise.all([
    db.segment.findMany({ orderBy: { key: "asc" } }),
    db.phase.findMany({ select: { key: true, segments: true, feature: { select: { key: true } } } }),
  ]);
  const used = new Map<string, string[]>();
  for (const p of phases) {
    for (const s of JSON.parse(p.segments) as string[]) used.set(s, [...(used.get(s) ?? []), `${p.feature.key}/${p.key}`]);
  }
  return segments.map((s) => ({ key: s.key, name: s.name, reason: s.reason, usedBy: (used.get(s.key) ?? []).sort() }));
}

export async function segmentNames(): Promise<Record<string, string>> {
  const rows = await db.segment.findMany({ select: { key: true, name: true } });
  return Object.fromEntries(rows.map((r) => [r.key, r.name]));
}

export async function createSegment(input: SegmentInput, actor: string) {
  return writeTransaction(async (tx) => {
    if (await tx.segment.findUnique({ where: { key: input.key } })) throw new AppError("segment_exists", 409, `A segment with key "${input.key}" already exists`);
    const row = await tx.segment.create({ data: input });
    await audit(tx, { actor, action: "segment.create", target: input.key, after: input });
    return { key: row.key, name: row.name, reason: row.reason };
  });
}

export async function updateSegment(input: SegmentInput, actor: string) {
  return writeTransaction(async (tx) => {
    const before = await tx.segment.findUnique({ where: { key: input.key } });
    if (!before) throw notFound(`No segment with key "${input.key}"`);
    const row = await tx.segment.update({ where: { key: input.key }, data: { name: input.name, reason: input.reason } });
    await audit(tx, { actor, action: "segment.update", target: input.key, before: { name: before.name, reason: before.reason }, after: { name: row.name, reason: row.reason } });
    return { key: row.key, name: row.name, reason: row.reason };
  });
}

export async function deleteSegment(key: string, actor: string) {
  return writeTransaction(async (tx) => {
    const before = await tx.segment.findUnique({ where: { key } });
    if (!before) throw notFound(`No segment with key "${key}"`);
    const phases = await tx.phase.findMany({ select: { key: true, segments: true, feature: { select: { key: true } } } });
    const users = phases.filter((p) => (JSON.parse(p.segments) as string[]).includes(key)).map((p) => `${p.feature.key}/${p.key}`);
    if (users.length > 0) throw new AppError("segment_in_use", 409, `"${key}" is used by ${users.join(", ")}: remove it from those phases first`, { usedBy: users });
    await tx.segment.delete({ where: { key } });
    await audit(tx, { actor, action: "segment.delete", target: key, before: { name: before.name, reason: before.reason } });
    return { key };
  });
}

/** Creates the segments a template names that do not exist yet (inside the caller's transaction). */
export async function ensureSegments(tx: Tx, segments: TemplateSegment[], actor: string): Promise<string[]> {
  const created: string[] = [];
  for (const s of segments) {
    if (await tx.segment.findUnique({ where: { key: s.key } })) continue;
    await tx.segment.create({ data: s });
    await audit(tx, { actor, action: "segment.create", target: s.key, reason: "named by a plan template", after: s });
    created.push(s.key);
  }
  return created;
}

/** Throws 400 unknown_segment when a plan names segments that do not exist. */
export async function assertSegmentsExist(tx: Tx, keys: string[]) {
  const wanted = [...new Set(keys)];
  if (wanted.length === 0) return;
  const found = new Set((await tx.segment.findMany({ where: { key: { in: wanted } }, select: { key: true } })).map((r) => r.key));
  const missing = wanted.filter((k) => !found.has(k));
  if (missing.length > 0) throw new AppError("unknown_segment", 400, `No segment ${missing.map((m) => `"${m}"`).join(", ")}: create it on the Segments page first`, { missing });
}
