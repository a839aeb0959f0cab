// The badness score of the weekly worst-N review. Pure: the caller passes each output's signals.
//
// Factors add up. Their weights are tiered so that the order the team asked for holds whatever
// else an output collects: a confidently wrong output (≥ 1000 points) always outranks any other
// output, whose factors add up to at most 930 (thumbs down at high confidence 500 + tickets 400 +
// comment 20 + shown 10). Inside a tier, higher confidence is worse: that is the trust damage.

export type TicketSeverity = "low" | "normal" | "high" | "critical";

export interface BadnessSignals {
  id: string;
  confidence: number;
  /** epoch ms of the output */
  at: number;
  /** whether the user saw the AI answer (false = it fell back) */
  shown: boolean;
  /** the effective verdict (as the rollups count it); undefined = not labelled */
  correct: boolean | undefined;
  thumbs: "up" | "down" | null;
  /** the thumbs-down came with a comment */
  comment: boolean;
  tickets: TicketSeverity[];
}

export type BadnessFactorKey =
  "confidently_wrong" | "thumbs_down_confident" | "ticket" | "wrong_low_confidence" | "thumbs_down" | "feedback_comment" | "shown";

export interface BadnessFactor {
  key: BadnessFactorKey;
  points: number;
}

export interface RankedOutput<T extends BadnessSignals = BadnessSignals> {
  item: T;
  rank: number;
  score: number;
  factors: BadnessFactor[];
}

/** "High confidence" for the review: at or above this an error is a confident one. */
export const HIGH_CONFIDENCE = 0.8;

export const SEVERITY_POINTS: Record<TicketSeverity, number> = { critical: 300, high: 200, normal: 100, low: 50 };
const EXTRA_TICKET_POINTS = 25;
const MAX_EXTRA_TICKETS = 4;

/** One sentence per factor, in the order the ranking weighs them (shown on the review page). */
export const BADNESS_FACTORS: { key: BadnessFactorKey; label: string; sentence: string }[] = [
  {
    key: "confidently_wrong",
    label: "Confidently wrong",
    sentence:
      "Labelled incorrect at a confidence of 80 % or more: 1000 points plus up to 500 as confidence nears 100 %, so these always come first.",
  },
  {
    key: "thumbs_down_confident",
    label: "Thumbs down, confident",
    sentence: "A user gave a thumbs down to an answer of 80 % or more confidence: 400 points plus up to 100 by confidence.",
  },
  {
    key: "ticket",
    label: "Support ticket",
    sentence:
      "A support ticket names the output: 300 points for critical, 200 high, 100 normal, 50 low, plus 25 per further ticket (up to 4).",
  },
  {
    key: "wrong_low_confidence",
    label: "Wrong, low confidence",
    sentence: "Labelled incorrect below 80 % confidence: 150 points — a mistake, but the model said it was unsure.",
  },
  { key: "thumbs_down", label: "Thumbs down", sentence: "A thumbs down on an answer below 80 % confidence: 80 points." },
  {
    key: "feedback_comment",
    label: "Comment",
    sentence: "The thumbs down came with a comment, so the user took time to explain: 20 points.",
  },
  {
    key: "shown",
    label: "Seen by the user",
    sentence: "The user saw the answer instead of the fallback: 10 points, added only when another factor applies.",
  },
];

const byTier = (x: number, base: number, span: number) => base + Math.round((span * (x - HIGH_CONFIDENCE)) / (1 - HIGH_CONFIDENCE));

/** The factors that apply to one output, with their points (empty = nothing bad is known). */
export function badnessFactors(s: BadnessSignals): BadnessFactor[] {
  const c = Math.min(1, Math.max(0, s.confidence));
  const confident = c >= HIGH_CONFIDENCE;
  const down = s.thumbs === "down";
  const out: BadnessFactor[] = [];
  if (s.correct === false) {
    out.push(confident ? { key: "confidently_wrong", points: byTier(c, 1000, 500) } : { key: "wrong_low_confidence", points: 150 });
  }
  if (down) out.push(confident ? { key: "thumbs_down_confident", points: byTier(c, 400, 100) } : { key: "thumbs_down", points: 80 });
  if (s.tickets.length > 0) {
    const worst = Math.max(...s.tickets.map((t) => SEVERITY_POINTS[t] ?? 0));
    const extra = Math.min(MAX_EXTRA_TICKETS, s.tickets.length - 1) * EXTRA_TICKET_POINTS;
    out.push({ key: "ticket", points: worst + extra });
  }
  if (down && s.comment) out.push({ key: "feedback_comment", points: 20 });
  if (out.length > 0 && s.shown) out.push({ key: "shown", points: 10 });
  return out;
}

/**
 * The review's order, worst first: higher score, then higher confidence, then the more recent
 * output, then id (code-unit order). The candidate table's read walks the same order in SQL.
 */
export function compareWorst(
  a: { score: number; confidence: number; at: number; id: string },
  b: { score: number; confidence: number; at: number; id: string },
): number {
  return b.score - a.score || b.confidence - a.confidence || b.at - a.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The badness score: the sum of the factors' points (0 = nothing bad is known). Ingest stores it (lib/domain/worst-candidate.ts). */
export function badnessScore(factors: readonly BadnessFactor[]): number {
  return factors.reduce((sum, f) => sum + f.points, 0);
}

/**
 * Ranks outputs worst first and keeps `limit`. Only outputs with at least one factor are ranked.
 * Ties (equal score) break by higher confidence, then the more recent output, then id (code-unit
 * order, not locale), so the same data always gives the same list.
 */
export function rankWorst<T extends BadnessSignals>(items: readonly T[], limit = 20): RankedOutput<T>[] {
  const scored = items
    .map((item) => {
      const factors = badnessFactors(item);
      return { item, factors, score: badnessScore(factors) };
    })
    .filter((x) => x.score > 0);
  scored.sort((a, b) => compareWorst({ score: a.score, ...a.item }, { score: b.score, ...b.item }));
  return scored.slice(0, Math.max(0, limit)).map((x, i) => ({ ...x, rank: i + 1 }));
}
