import { z } from "zod";

// Feature set-up, shared by the admin form and the CLI.

export const ZFeatureKey = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, "a key is 2–63 lowercase letters, digits and dashes");

export const STAKES = ["low", "medium", "high"] as const;
export const ZStakes = z.enum(STAKES, { error: "stakes are low, medium or high" });
export type Stakes = z.infer<typeof ZStakes>;

export const ZFeatureDetails = z.object({
  name: z.string().trim().min(1, "a name is required").max(100),
  description: z.string().trim().max(500).default(""),
  stakes: ZStakes,
  owner: z.string().trim().max(100).default(""),
  /** what users see when the AI is off or not confident */
  fallback: z.string().trim().max(500).default(""),
});

export const ZNewFeature = ZFeatureDetails.extend({
  key: ZFeatureKey,
  /** the plan template, by stakes; defaults to the feature's stakes */
  template: ZStakes.optional(),
});
export type NewFeatureInput = z.infer<typeof ZNewFeature>;

export const ZFeatureUpdate = ZFeatureDetails.extend({ feature: ZFeatureKey });
