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
  confidence: number;
  shown: boolean;
  phase: string;
  segment: string;
  inputType: string | null;
  model: string | null;
  input: string | null;
  output: string | null;
  labels: { source: string; correct: boolean; reviewer: string | null; at: number }[];
  feedback: { value: "up" | "down"; comment: string | null; at: number } | null;
  tickets: { id: string; severity: TicketSeverity; subject: string | null; at: number }[];
  review: { tags: string[]; note: string; reviewed: boolean; reviewedBy: string | null; reviewedAt: number | null };
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
  };
}

export const WORST_CSV_HEADER = [
  "rank", "score", "factors", "output_id", "at", "confidence", "shown", "phase", "segment", "input_type", "model",
  "verdict", "feedback", "feedback_comment", "tickets", "tags", "note", "reviewed", "reviewed_by", "input", "output",
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
    ]),
  );
}
