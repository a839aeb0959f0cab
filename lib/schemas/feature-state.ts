import { z } from "zod";

/** Body of POST /api/v1/features/{key}/pause and /resume (and the pause form). */
export const ZStateChangeRequest = z.strictObject({
  reason: z.string().trim().min(1, "a reason is required").max(500, "at most 500 characters"),
});

export type StateChangeBody = z.infer<typeof ZStateChangeRequest>;
