import { z } from "zod";

// The OFREP request body: `{"context": {...}}`, both optional. Only the attributes Rollguard uses
// are typed; any other attribute is accepted and ignored, as the protocol's context is open.

export const ZOfrepContext = z.looseObject({
  targetingKey: z.string().min(1, "must not be empty").max(200).optional(),
  segment: z.string().min(1).max(100).optional(),
  outputId: z.string().min(1).max(200).optional(),
  inputType: z.string().min(1, "must not be empty").max(100).optional(),
});

export const ZOfrepRequest = z.looseObject({ context: ZOfrepContext.optional() });

export type OfrepContext = z.infer<typeof ZOfrepContext>;
