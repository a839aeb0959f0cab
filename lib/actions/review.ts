"use server";

import { roleAction } from "@/lib/actions/guard";
import { featureByKey } from "@/lib/data/features";
import { signOffWeek } from "@/lib/data/digest";
import { markOutputs, saveReview, tagOutputs } from "@/lib/data/review";
import { claimNext, queueFigures, recordVerdict, setAsideOlder, undoLastVerdict, type QueueView } from "@/lib/data/review-queue";
import { notFound } from "@/lib/errors";
import {
  ZSignOffWeek,
  ZMarkOutputs,
  ZQueueClaim,
  ZQueueStatsRequest,
  ZQueueUndo,
  ZQueueVerdict,
  ZSaveReview,
  ZSetAside,
  ZTagOutputs,
  type QueueFilter,
  type QueueOrder,
} from "@/lib/schemas/review";

// Reviewing is operators' work: viewers read the review and the queue, operators tag, mark
// reviewed and give verdicts (a verdict changes production accuracy).

async function feature(key: string) {
  const f = await featureByKey(key);
  if (!f) throw notFound(`No feature with key "${key}"`);
  return f;
}

/** Tags, note and the reviewed mark of one output in the weekly review. */
export const saveReviewAction = roleAction("operator", ZSaveReview, async (input, user) => {
  await saveReview((await feature(input.featureKey)).id, input, user.email);
  return { saved: true };
});

/** Tags added to (or removed from) the selected groups' outputs, saved as they are added. */
export const tagOutputsAction = roleAction("operator", ZTagOutputs, async (input, user) =>
  tagOutputs((await feature(input.featureKey)).id, input, user.email),
);

/** The note and the reviewed mark of a group (all its outputs). */
export const markOutputsAction = roleAction("operator", ZMarkOutputs, async (input, user) =>
  markOutputs((await feature(input.featureKey)).id, input, user.email),
);

type Feature = Awaited<ReturnType<typeof feature>>;
const viewOf = (f: Feature, v: { order: QueueOrder; filter: QueueFilter }): QueueView => ({
  ...v,
  currentPhase: f.currentPhase?.key ?? null,
});

/** The reviewer's current (or next) item of the human review queue; null when none is left. */
export const claimQueueItemAction = roleAction("operator", ZQueueClaim, async (input, user) => {
  const f = await feature(input.featureKey);
  return claimNext(f.id, user.email, Date.now(), undefined, viewOf(f, input));
});

/** A verdict (or a skip), with an optional note, on the claimed item, answered with the next item. */
export const queueVerdictAction = roleAction("operator", ZQueueVerdict, async (input, user) => {
  const f = await feature(input.featureKey);
  await recordVerdict(f, input.outputId, input.verdict, user.email, Date.now(), input.note);
  return claimNext(f.id, user.email, Date.now(), undefined, viewOf(f, input));
});

/** Undoes the reviewer's last verdict; the item comes back to them. */
export const undoVerdictAction = roleAction("operator", ZQueueUndo, async (input, user) => {
  const f = await feature(input.featureKey);
  const undone = await undoLastVerdict(f, user.email);
  return { ...undone, item: undone.item ?? (await claimNext(f.id, user.email, Date.now(), undefined, viewOf(f, input))) };
});

/** The queue's live counters (waiting, being reviewed, done today). */
export const queueStatsAction = roleAction("viewer", ZQueueStatsRequest, async (input) =>
  queueFigures((await feature(input.featureKey)).id),
);

/** Sets aside every waiting item older than the cut-off, with a reason (audited). */
export const setAsideAction = roleAction("operator", ZSetAside, async (input, user) =>
  setAsideOlder(await feature(input.featureKey), input, user.email),
);

/** The week's review is done: signed off by the current user (audited; the digest goes to the webhooks). */
export const signOffWeekAction = roleAction("operator", ZSignOffWeek, async (input, user) => {
  const digest = await signOffWeek(await feature(input.featureKey), input, user.email);
  return { signedOffBy: digest.signedOffBy };
});
