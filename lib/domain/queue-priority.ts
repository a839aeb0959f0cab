// The human review queue's order: what matters now first. Pure.
//
// Each reason to look at an output is worth a head start in hours (capped, see below): the queue is ordered by
// priority = output time + head start, newest first. So a thumbs-down from this morning comes
// before an unflagged output from this afternoon, but a ticket from three weeks ago does not
// outrank yesterday's work. Because the head start is added to a fixed time, the priority of a
// waiting item never changes with the clock — it is stored and indexed, and "next" is one
// index probe. Items of the feature's current phase are served before older phases' (a second
// key, applied at read time).

export type QueueReason =
  "product_flag" | "sampled" | "judge_wrong" | "confident" | "thumbs_down" | "ticket" | "critical_ticket" | "confirm_alert";

/** Bit of each reason in the stored `flags` column. */
export const QUEUE_REASON_BITS: Record<QueueReason, number> = {
  product_flag: 1,
  sampled: 2,
  judge_wrong: 4,
  confident: 8,
  thumbs_down: 16,
  ticket: 32,
  critical_ticket: 64,
  confirm_alert: 128,
};

const HOUR_MS = 3_600_000;

/** Head start of each reason, in hours. A judge that says a confident answer is wrong is the worst case. */
export const QUEUE_HEAD_START_HOURS: Record<QueueReason, number> = {
  product_flag: 0,
  sampled: 0,
  confident: 3,
  thumbs_down: 12,
  ticket: 12,
  judge_wrong: 12,
  critical_ticket: 12, // on top of "ticket"
  confirm_alert: 24, // the cap; served ahead of everything anyway (a tier of its own, lib/data/review-queue.ts)
};
/** Extra head start when a judge says wrong at high confidence (confidently wrong). */
export const CONFIDENTLY_WRONG_BONUS_HOURS = 6;
/** No item gets more than this: older work never outranks what happened in the last hours. */
export const MAX_HEAD_START_HOURS = 24;
/** At or above this confidence an output is "confident". */
export const QUEUE_CONFIDENT = 0.9;

export const QUEUE_REASONS: { key: QueueReason; label: string; sentence: string }[] = [
  {
    key: "confirm_alert",
    label: "Confirm an alert",
    sentence:
      "An alert was raised on the judge's verdicts alone and the judge said this output is wrong: served first, so that people confirm or refute the alert.",
  },
  {
    key: "critical_ticket",
    label: "Critical ticket",
    sentence: "A critical support ticket names this output (+12 h on top of the ticket's).",
  },
  {
    key: "judge_wrong",
    label: "Judge says wrong",
    sentence: "A heuristic or LLM judge labelled it incorrect (+12 h; +6 h more at 90 % confidence or above: confidently wrong).",
  },
  { key: "thumbs_down", label: "Thumbs down", sentence: "The user gave it a thumbs down (+12 h)." },
  { key: "ticket", label: "Ticket", sentence: "A support ticket names this output (+12 h)." },
  { key: "confident", label: "Confident", sentence: "Answered at 90 % confidence or above: an error here costs the most trust (+3 h)." },
  { key: "product_flag", label: "Flagged by the product", sentence: "The product asked for a human review of this output." },
  {
    key: "sampled",
    label: "Sampled",
    sentence:
      "Picked at random by the phase's human-review sample rate: served newest first by time alone, ahead of the risk order, so that the labelled part of the sample stays random.",
  },
];

export function reasonsOf(flags: number): QueueReason[] {
  return QUEUE_REASONS.map((r) => r.key).filter((k) => (flags & QUEUE_REASON_BITS[k]) !== 0);
}

export function flagsOf(reasons: Iterable<QueueReason>): number {
  let f = 0;
  for (const r of reasons) f |= QUEUE_REASON_BITS[r];
  return f;
}

/** The flags an output enters the queue with. */
export function entryFlags(o: { confidence: number | null; askedByProduct: boolean }): number {
  return flagsOf([
    o.askedByProduct ? "product_flag" : "sampled",
    ...(o.confidence !== null && o.confidence >= QUEUE_CONFIDENT ? (["confident"] as const) : []),
  ]);
}

/** Stored priority of a waiting item: its time plus the head start its reasons earn. */
export function queuePriority(at: number, flags: number): number {
  const reasons = reasonsOf(flags);
  let hours = 0;
  for (const r of reasons) hours += QUEUE_HEAD_START_HOURS[r];
  if (reasons.includes("judge_wrong") && reasons.includes("confident")) hours += CONFIDENTLY_WRONG_BONUS_HOURS;
  return at + Math.min(hours, MAX_HEAD_START_HOURS) * HOUR_MS;
}

/** How many of an alerted slice's latest judged-wrong outputs go to the front of the queue for people to confirm. */
export const JUDGE_CONFIRM_LIMIT = 50;

/** The words an alert on the judge's evidence alone carries: what it rests on and what was done about it. */
export function judgeAlertNote(queued: number): string {
  const what = "on the judge's verdicts, not yet confirmed by people";
  if (queued === 0) return `${what} (no judged-wrong output of the slice is waiting for a person)`;
  return `${what}: the slice's latest ${queued} judged-wrong ${queued === 1 ? "output is" : "outputs are"} first in the review queue`;
}
