"use server";

import { roleAction } from "@/lib/actions/guard";
import { featureByKey } from "@/lib/data/features";
import { saveReview } from "@/lib/data/review";
import { claimNext, recordVerdict } from "@/lib/data/review-queue";
import { notFound } from "@/lib/errors";
import { ZQueueClaim, ZQueueVerdict, ZSaveReview } from "@/lib/schemas/review";

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

/** The reviewer's current (or next) item of the human review queue; null when none is left. */
export const claimQueueItemAction = roleAction("operator", ZQueueClaim, async ({ featureKey }, user) =>
  claimNext((await feature(featureKey)).id, user.email),
);

/** A verdict (or a skip) on the claimed item, answered with the next item. */
export const queueVerdictAction = roleAction("operator", ZQueueVerdict, async (input, user) => {
  const f = await feature(input.featureKey);
  await recordVerdict(f, input.outputId, input.verdict, user.email);
  return claimNext(f.id, user.email);
});
