import { BADNESS_FACTORS, type BadnessFactorKey, type TicketSeverity } from "./badness";
import { toCsv } from "./csv";

// The shape of one item of the weekly review, and its JSON/CSV export (the worst API serves both).

export interface WorstItem {
  rank: number;
  score: number;
  factors: { key: BadnessFactorKey; points: number }[];
  /** stored id, "<featureId>:<clientId>" */
  id: string;
  clientId: string;
  at: number;
  confidence: number | null;
  shown: boolean;
  phase: string;
  segment: string;
  unit: string | null;
  inputType: string | null;
  model: string | null;
  input: string | null;
  output: string | null;
  labels: { source: string; correct: boolean; reviewer: string | null; at: number }[];
  feedback: { value: "up" | "down"; comment: string | null; at: number } | null;
  tickets: { id: string; severity: TicketSeverity; subject: string | null; at: number }[];
  review: { tags: string[]; note: string; reviewed: boolean; reviewedBy: string | null; reviewedAt: number | null };
  /** the group of near-identical failures this output belongs to (set by the worst review) */
  group?: { key: string; count: number };
}

/** Near-identical failures shown as one card: the worst member, the count and who it reached. */
export interface WorstGroup {
  key: string;
  rank: number;
  count: number;
  unitCount: number;
  /** the first 50 distinct units, sorted */
  units: string[];
  segments: { segment: string; count: number }[];
  phases: string[];
  firstAt: number;
  lastAt: number;
  /** stored ids of the members, worst first (at most GROUP_MEMBER_LIST) */
  outputIds: string[];
  /** the worst member */
  item: WorstItem;
}

const labelOf = new Map(BADNESS_FACTORS.map((f) => [f.key, f.label]));
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The public JSON of one item: client ids, ISO times, factor labels. */
export function worstItemJson(item: WorstItem) {
  return {
    rank: item.rank,
    score: item.score,
    factors: item.factors.map((f) => ({ key: f.key, label: labelOf.get(f.key) ?? f.key, points: f.points })),
    id: item.clientId,
    at: iso(item.at),
    confidence: item.confidence,
    shown: item.shown,
    phase: item.phase,
    segment: item.segment,
    inputType: item.inputType,
    model: item.model,
    input: item.input,
    output: item.output,
    labels: item.labels.map((l) => ({ ...l, at: iso(l.at) })),
    feedback: item.feedback && { ...item.feedback, at: iso(item.feedback.at) },
    tickets: item.tickets.map((t) => ({ ...t, at: iso(t.at) })),
    tags: item.review.tags,
    note: item.review.note,
    reviewed: item.review.reviewed,
    reviewedBy: item.review.reviewedBy,
    reviewedAt: iso(item.review.reviewedAt),
    group: item.group ?? null,
  };
}

/** The public JSON of one group: the worst member's item, and who the failure reached. */
export function worstGroupJson(g: WorstGroup, clientIdOf: (storedId: string) => string) {
  return {
    rank: g.rank,
    key: g.key,
    count: g.count,
    unitCount: g.unitCount,
    units: g.units,
    segments: g.segments,
    phases: g.phases,
    firstAt: iso(g.firstAt),
    lastAt: iso(g.lastAt),
    outputIds: g.outputIds.map(clientIdOf),
    item: worstItemJson(g.item),
  };
}

export const WORST_CSV_HEADER = [
  "rank",
  "score",
  "factors",
  "output_id",
  "at",
  "confidence",
  "shown",
  "phase",
  "segment",
  "input_type",
  "model",
  "verdict",
  "feedback",
  "feedback_comment",
  "tickets",
  "tags",
  "note",
  "reviewed",
  "reviewed_by",
  "input",
  "output",
  "group_key",
  "group_count",
] as const;

/** One row per item; lists inside a cell are separated by "; ". */
export function worstCsv(items: readonly WorstItem[]): string {
  return toCsv(
    WORST_CSV_HEADER,
    items.map((i) => [
      i.rank,
      i.score,
      i.factors.map((f) => `${f.key}=${f.points}`).join("; "),
      i.clientId,
      iso(i.at),
      i.confidence,
      i.shown,
      i.phase,
      i.segment,
      i.inputType,
      i.model,
      i.labels.map((l) => `${l.source}:${l.correct ? "correct" : "incorrect"}`).join("; "),
      i.feedback?.value ?? null,
      i.feedback?.comment ?? null,
      i.tickets.map((t) => `${t.severity}${t.subject ? `: ${t.subject}` : ""}`).join("; "),
      i.review.tags.join("; "),
      i.review.note,
      i.review.reviewed,
      i.review.reviewedBy,
      i.input,
      i.output,
      i.group?.key ?? null,
      i.group?.count ?? 1,
    ]),
  );
}

export const WORST_GROUPS_CSV_HEADER = [
  "rank",
  "group_key",
  "count",
  "units",
  "segments",
  "first_at",
  "last_at",
  "score",
  "factors",
  "output_id",
  "confidence",
  "phase",
  "verdict",
  "tags",
  "note",
  "reviewed",
  "input",
  "output",
  "output_ids",
] as const;

/** One row per group of near-identical failures, described by its worst member. */
export function worstGroupsCsv(groups: readonly WorstGroup[], clientIdOf: (storedId: string) => string): string {
  return toCsv(
    WORST_GROUPS_CSV_HEADER,
    groups.map((g) => [
      g.rank,
      g.key,
      g.count,
      g.unitCount,
      g.segments.map((s) => `${s.segment}=${s.count}`).join("; "),
      iso(g.firstAt),
      iso(g.lastAt),
      g.item.score,
      g.item.factors.map((f) => `${f.key}=${f.points}`).join("; "),
      g.item.clientId,
      g.item.confidence,
      g.phases.join("; "),
      g.item.labels.map((l) => `${l.source}:${l.correct ? "correct" : "incorrect"}`).join("; "),
      g.item.review.tags.join("; "),
      g.item.review.note,
      g.item.review.reviewed,
      g.item.input,
      g.item.output,
      g.outputIds.map(clientIdOf).join("; "),
    ]),
  );
}
