import { z } from "zod";
import { LOW_CONFIDENCE_MODES } from "../domain/plan";
import { ZFeatureKey } from "./feature";

// A feature's phase plan as forms, the CLI and the data layer exchange it. Rates are fractions
// (0.05 = 5 %); the forms convert from percent. The Phase row stores segments and success
// criteria as JSON in this shape.

export const ZSlug = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "lowercase letters, digits and dashes (at most 40)");

/** An input type (task kind) as the product names it in outputs and the evaluation context. */
export const ZInputType = z
  .string()
  .trim()
  .min(1, "an input type must not be empty")
  .max(100, "at most 100 characters")
  .refine((s) => !s.includes(","), "an input type must not contain a comma");

export const ZSignOffRole = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z -]{0,39}$/, "a role like legal, product or engineering");

const fraction = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .min(0, `${what} is at least 0`)
    .max(1, `${what} is at most 1`);

export const ZSuccessCriteria = z.strictObject({
  accuracyMin: fraction("the accuracy floor"),
  minLabels: z.number().int("whole labels").min(1, "at least 1 label").max(1_000_000),
  thumbsUpMin: fraction("the thumbs-up share").optional(),
  maxCriticalTickets: z.number().int().min(0).max(1_000_000).optional(),
  noOpenAlerts: z.boolean().optional(),
  requiredSignOffs: z.array(ZSignOffRole).max(10).optional(),
});

export const ZPhasePlan = z.strictObject({
  key: ZSlug,
  name: z.string().trim().min(1, "a phase needs a name").max(60),
  audiencePercent: z.number().min(0, "audience is at least 0 %").max(100, "audience is at most 100 %"),
  segments: z
    .array(ZSlug)
    .max(50)
    .refine((s) => new Set(s).size === s.length, "a segment is listed twice"),
  confidenceThreshold: fraction("the confidence threshold"),
  reviewRate: fraction("the review rate"),
  rateLimitPerMinute: z.number().int("a whole number per minute").min(1, "at least 1 per minute (or none)").max(10_000_000).nullable(),
  minDurationDays: z.number().int("whole days").min(0).max(365),
  successCriteria: ZSuccessCriteria,
  expertReview: z.string().trim().max(200).default(""),
  educationalOnly: z.boolean().default(false),
  rationale: z.string().trim().max(500).default(""),
  inputTypes: z
    .array(ZInputType)
    .max(50, "at most 50 input types")
    .refine((s) => new Set(s).size === s.length, "an input type is listed twice")
    .default([]),
  lowConfidence: z.enum(LOW_CONFIDENCE_MODES, { error: "below the threshold: fallback, ask or flag" }).default("fallback"),
  disclosure: z.string().trim().max(200, "at most 200 characters").default(""),
});

export const ZPlan = z
  .array(ZPhasePlan)
  .min(1, "a plan has at least one phase")
  .max(10, "at most 10 phases")
  .superRefine((phases, ctx) => {
    const seen = new Set<string>();
    phases.forEach((p, i) => {
      if (seen.has(p.key)) ctx.addIssue({ code: "custom", path: [i, "key"], message: `the phase key "${p.key}" is used twice` });
      seen.add(p.key);
    });
  });

export type PhasePlanInput = z.input<typeof ZPhasePlan>;

/** The plan editor's save. */
export const ZPlanUpdate = z.strictObject({
  feature: ZFeatureKey,
  phases: ZPlan,
});

/** Body of POST /api/v1/features/{key}/advance and /rollback (and their forms). */
export const ZPhaseTransitionRequest = z.strictObject({
  reason: z.string().trim().min(1, "a reason is required").max(500, "at most 500 characters"),
  override: z.boolean().default(false),
});

export const ZPhaseTransitionAction = ZPhaseTransitionRequest.extend({
  feature: ZFeatureKey,
});
