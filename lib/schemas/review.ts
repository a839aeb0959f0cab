import { z } from "zod";
import { ZQueryTime } from "./time";

// Inputs of the weekly review, the human review queue and GET /api/v1/features/{key}/worst.

const DAY_MS = 86_400_000;

const ZTime = ZQueryTime;

export const MAX_WORST_LIMIT = 100;

/** Query of the worst API: from/to default to the last 7 days, at most 31 days. */
export const ZWorstQuery = z
  .object({
    from: ZTime.optional(),
    to: ZTime.optional(),
    limit: z.coerce.number().int().min(1).max(MAX_WORST_LIMIT).default(20),
    format: z.enum(["json", "csv"]).default("json"),
  })
  .transform((q, ctx) => {
    const to = q.to ?? Date.now();
    const from = q.from ?? to - 7 * DAY_MS;
    if (from >= to) {
      ctx.addIssue({ code: "custom", path: ["from"], message: "from must be before to" });
      return z.NEVER;
    }
    if (to - from > 31 * DAY_MS) {
      ctx.addIssue({ code: "custom", path: ["from"], message: "The range may span at most 31 days" });
      return z.NEVER;
    }
    return { from, to, limit: q.limit, format: q.format };
  });
export type WorstQuery = z.output<typeof ZWorstQuery>;

/** A failure-pattern tag: trimmed, lower-case, single spaces, 1–40 characters. */
export const ZTag = z
  .string()
  .transform((s) => s.normalize("NFC").trim().replace(/\s+/g, " ").toLowerCase())
  .pipe(z.string().min(1, "A tag must not be empty").max(40, "A tag has at most 40 characters"));

export const MAX_TAGS = 12;

export const ZSaveReview = z.object({
  featureKey: z.string().min(1).max(100),
  /** the stored output id ("<featureId>:<clientId>") */
  outputId: z.string().min(1).max(400),
  tags: z
    .array(ZTag)
    .max(MAX_TAGS, `At most ${MAX_TAGS} tags`)
    .transform((tags) => [...new Set(tags)]),
  note: z.string().max(2000, "The note has at most 2000 characters").transform((s) => s.trim()),
  reviewed: z.boolean(),
});
export type SaveReviewInput = z.output<typeof ZSaveReview>;

export const ZQueueClaim = z.object({ featureKey: z.string().min(1).max(100) });

export const ZQueueVerdict = z.object({
  featureKey: z.string().min(1).max(100),
  outputId: z.string().min(1).max(400),
  verdict: z.enum(["correct", "incorrect", "skip"]),
});
export type QueueVerdictInput = z.output<typeof ZQueueVerdict>;
