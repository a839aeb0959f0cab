import { z } from "zod";
import { ZFeatureKey } from "./feature";

/** Body of POST /api/v1/features/{key}/pause and /resume (and the pause form). */
export const ZStateChangeRequest = z.strictObject({
  reason: z.string().trim().min(1, "a reason is required").max(500, "at most 500 characters"),
});

export type StateChangeBody = z.infer<typeof ZStateChangeRequest>;

/** The pause and resume server actions: the body above plus the feature's key. */
export const ZStateChangeAction = ZStateChangeRequest.extend({
  feature: ZFeatureKey,
});
