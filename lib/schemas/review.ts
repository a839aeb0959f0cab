import { z } from "zod";
import { MAX_INSTANT_MS, ZQueryTime } from "./time";

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
    /** CSV only: one row per output (default, as before) or per group of near-identical failures */
    view: z.enum(["outputs", "groups"]).default("outputs"),
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
    return { from, to, limit: q.limit, format: q.format, view: q.view };
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
  note: z
    .string()
    .max(2000, "The note has at most 2000 characters")
    .transform((s) => s.trim()),
  reviewed: z.boolean(),
});
export type SaveReviewInput = z.output<typeof ZSaveReview>;

export const QUEUE_REASON_KEYS = [
  "product_flag",
  "sampled",
  "judge_wrong",
  "confident",
  "thumbs_down",
  "ticket",
  "critical_ticket",
  "confirm_alert",
] as const;
const ZSliceKey = z.string().trim().min(1).max(100);

/** Filters of the review queue (empty = everything waiting). */
export const ZQueueFilter = z.object({
  phase: ZSliceKey.optional(),
  segment: ZSliceKey.optional(),
  inputType: ZSliceKey.optional(),
  reason: z.enum(QUEUE_REASON_KEYS).optional(),
});
export type QueueFilter = z.output<typeof ZQueueFilter>;
export const ZQueueOrder = z.enum(["risk", "oldest"]);
export type QueueOrder = z.output<typeof ZQueueOrder>;

/** The queue page's search parameters: blanks mean "any". */
export const ZQueueSearch = z.object({
  order: z.preprocess((v) => (v === "" ? undefined : v), ZQueueOrder.default("risk")).catch("risk"),
  phase: z.preprocess((v) => (v === "" ? undefined : v), ZSliceKey.optional()).catch(undefined),
  segment: z.preprocess((v) => (v === "" ? undefined : v), ZSliceKey.optional()).catch(undefined),
  inputType: z.preprocess((v) => (v === "" ? undefined : v), ZSliceKey.optional()).catch(undefined),
  reason: z.preprocess((v) => (v === "" ? undefined : v), z.enum(QUEUE_REASON_KEYS).optional()).catch(undefined),
});

const ZQueueViewFields = { order: ZQueueOrder.default("risk"), filter: ZQueueFilter.default({}) };

export const ZQueueClaim = z.object({ featureKey: z.string().min(1).max(100), ...ZQueueViewFields });

export const ZQueueVerdict = z.object({
  featureKey: z.string().min(1).max(100),
  outputId: z.string().min(1).max(400),
  verdict: z.enum(["correct", "incorrect", "skip"]),
  note: z
    .string()
    .max(2000, "The note has at most 2000 characters")
    .transform((s) => s.trim())
    .default(""),
  ...ZQueueViewFields,
});

export const ZQueueUndo = z.object({ featureKey: z.string().min(1).max(100), ...ZQueueViewFields });

export const ZQueueStatsRequest = z.object({ featureKey: z.string().min(1).max(100) });

/** Set aside every waiting item older than a cut-off, with a reason (audited). */
export const ZSetAside = z.object({
  featureKey: z.string().min(1).max(100),
  olderThanDays: z.coerce.number().int().min(1, "At least 1 day").max(365),
  reason: z.string().trim().min(3, "Say why (at least 3 characters)").max(500),
});
export type SetAsideInput = z.output<typeof ZSetAside>;
export type QueueVerdictInput = z.output<typeof ZQueueVerdict>;

/** A selection of the weekly review: the members of one or several groups. */
const ZOutputIds = z.array(z.string().min(1).max(400)).min(1, "Select at least one output").max(2000, "At most 2000 outputs at once");

export const ZTagOutputs = z
  .object({
    featureKey: z.string().min(1).max(100),
    outputIds: ZOutputIds.transform((ids) => [...new Set(ids)]),
    add: z.array(ZTag).max(MAX_TAGS).default([]),
    remove: z.array(ZTag).max(MAX_TAGS).default([]),
  })
  .refine((v) => v.add.length + v.remove.length > 0, { message: "Add or remove at least one tag", path: ["add"] });
export type TagOutputsInput = z.output<typeof ZTagOutputs>;

export const ZMarkOutputs = z
  .object({
    featureKey: z.string().min(1).max(100),
    outputIds: ZOutputIds.transform((ids) => [...new Set(ids)]),
    note: z
      .string()
      .max(2000, "The note has at most 2000 characters")
      .transform((s) => s.trim())
      .optional(),
    reviewed: z.boolean().optional(),
  })
  .refine((v) => v.note !== undefined || v.reviewed !== undefined, { message: "Nothing to save", path: ["note"] });
export type MarkOutputsInput = z.output<typeof ZMarkOutputs>;

/** The first week a sign-off can name: 2000-01-01 (week 0, 1970, is a client's missing value, not a review). */
export const FIRST_SIGN_OFF_MS = Date.UTC(2000, 0, 1);

/** A reviewer signs a week's review off (the week: any time in it, epoch ms; not after this week: lib/data/digest.ts). */
export const ZSignOffWeek = z.object({
  featureKey: z.string().min(1).max(100),
  week: z
    .number()
    .int()
    .min(FIRST_SIGN_OFF_MS, "The week must be in 2000 or later")
    .max(MAX_INSTANT_MS, "The week must be a real date (before year 10000)"),
  note: z
    .string()
    .max(500, "The note has at most 500 characters")
    .transform((s) => s.trim())
    .default(""),
});
