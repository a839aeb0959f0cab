import { z } from "zod";
import { ZFeatureKey } from "./feature";
import { ZSignOffRole } from "./plan";

// The readiness checklist ("ready to ship"), stored as JSON in ReadinessChecklist.content.
// Guardrails are not here: they are derived from the phase plan, so they are never typed twice.

const fraction = z.number().min(0, "at least 0 %").max(1, "at most 100 %").nullable();

export const ZSignOff = z.strictObject({
  role: ZSignOffRole,
  name: z.string().trim().min(1, "who signed off").max(100),
  /** the day of the sign-off, YYYY-MM-DD */
  at: z.iso.date("a date like 2026-11-26"),
  /** the user who recorded it (set by the server) */
  recordedBy: z.string().max(200).optional(),
});
export type SignOff = z.infer<typeof ZSignOff>;

export const ZChecklistContent = z.strictObject({
  heldOut: z.strictObject({
    accuracyThreshold: fraction,
    measuredAccuracy: fraction,
    sampleSize: z.number().int().min(0).max(100_000_000).nullable(),
    dataset: z.string().trim().max(200).default(""),
  }),
  edgeCases: z.strictObject({
    patterns: z.array(z.string().trim().min(1).max(200)).max(100),
    casesTested: z.number().int().min(0).max(100_000_000).nullable(),
  }),
  worstCase: z.strictObject({
    scenario: z.string().trim().max(1000).default(""),
    impact: z.string().trim().max(1000).default(""),
    /** the quantified business impact of one such incident */
    estimatedCost: z.number().min(0).max(1e12).nullable(),
    currency: z.string().trim().max(10).default("EUR"),
  }),
  signOffs: z.array(ZSignOff).max(20),
});
export type ChecklistContent = z.infer<typeof ZChecklistContent>;

export const EMPTY_CHECKLIST: ChecklistContent = {
  heldOut: { accuracyThreshold: null, measuredAccuracy: null, sampleSize: null, dataset: "" },
  edgeCases: { patterns: [], casesTested: null },
  worstCase: { scenario: "", impact: "", estimatedCost: null, currency: "EUR" },
  signOffs: [],
};

export const ZChecklistSave = z.strictObject({ feature: ZFeatureKey, content: ZChecklistContent });
