// The weekly review's candidate rows: one per output with at least one bad signal, holding what the
// worst-N read ranks and groups by (the badness score, the group key) so that the read never loads
// the week's outputs and their text. Pure: ingest (both engines), the migration's backfill and the
// tests build the rows from the same signal rows with these functions.

import { badnessFactors, badnessScore, type BadnessSignals, type TicketSeverity } from "./badness";
import { failureGroupKey } from "./failure-groups";
import { effectiveVerdict, type LabelSource } from "./rollup";

/** One output × label × ticket, as the signal query returns it (SQLite: numbers for booleans). */
export interface CandidateSignalRow {
  id: string;
  featureId: string;
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

/** An output with its signals gathered (what the ranking and the grouping need). */
export type CandidateSignals = BadnessSignals & {
  featureId: string;
  input: string | null;
  output: string | null;
  unit: string | null;
  segment: string;
  phase: string;
};

/** A row of the WorstCandidate table. */
export interface WorstCandidateRow {
  outputId: string;
  featureId: string;
  at: number;
  score: number;
  confidence: number;
  groupKey: string;
  phase: string;
  segment: string;
  unit: string | null;
}

/** Gathers the rows of each output (labels and tickets repeat it) into its signals, in first-seen order. */
export function collectCandidateSignals(rows: readonly CandidateSignalRow[]): CandidateSignals[] {
  type Collected = { row: CandidateSignalRow; verdicts: Partial<Record<LabelSource, boolean>>; tickets: Map<string, TicketSeverity> };
  const byId = new Map<string, Collected>();
  for (const r of rows) {
    const c: Collected = byId.get(r.id) ?? { row: r, verdicts: {}, tickets: new Map() };
    if (r.source !== null && r.correct !== null) c.verdicts[r.source as LabelSource] = Boolean(Number(r.correct));
    if (r.ticketId !== null) c.tickets.set(r.ticketId, r.severity as TicketSeverity);
    byId.set(r.id, c);
  }
  return [...byId.values()].map(({ row, verdicts, tickets }) => ({
    id: row.id,
    featureId: row.featureId,
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

/** The candidate row of an output, or null when nothing bad is known about it (score 0). */
export function worstCandidateOf(c: CandidateSignals): WorstCandidateRow | null {
  const score = badnessScore(badnessFactors(c));
  if (score <= 0) return null;
  return {
    outputId: c.id,
    featureId: c.featureId,
    at: c.at,
    score,
    confidence: c.confidence,
    groupKey: failureGroupKey(c),
    phase: c.phase,
    segment: c.segment,
    unit: c.unit,
  };
}

/** The candidate rows of the given signal rows; `absent` lists the outputs that have none (to delete). */
export function worstCandidates(rows: readonly CandidateSignalRow[]): { rows: WorstCandidateRow[]; absent: string[] } {
  const out: WorstCandidateRow[] = [];
  const absent: string[] = [];
  for (const c of collectCandidateSignals(rows)) {
    const row = worstCandidateOf(c);
    if (row) out.push(row);
    else absent.push(c.id);
  }
  return { rows: out, absent };
}

/**
 * What a batch did to the outputs' signals, collected while ingest plans it: `bad` outputs received a
 * signal that can make them a candidate (an incorrect label, a thumbs down, a ticket, or they are
 * new and a ticket named them before they arrived); `good` ones only received signals that can take
 * them out (a correct label, a thumbs up) — those are re-read only when they have a row.
 */
export class CandidateChanges {
  readonly bad = new Set<string>();
  readonly good = new Set<string>();
  /** outputs inserted by the batch: a ticket may have named them before they arrived */
  readonly inserted: string[] = [];
  signal(outputId: string, bad: boolean) {
    (bad ? this.bad : this.good).add(outputId);
  }
  get empty() {
    return this.bad.size === 0 && this.good.size === 0 && this.inserted.length === 0;
  }
}
