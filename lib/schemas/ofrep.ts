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

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const fits = (v: unknown, max: number) => v === undefined || (typeof v === "string" && v.length >= 1 && v.length <= max);

/**
 * The decision path's check of a parsed body (issue 24): the context exactly when ZOfrepRequest
 * accepts the body (every body it accepts, none it refuses: lib/schemas/ofrep.test.ts), without
 * zod's per-request cost; undefined for anything else, which the caller hands to zod for its
 * error. Keep it in step with ZOfrepContext's limits.
 */
export function plainOfrepContext(raw: unknown): OfrepContext | undefined {
  if (!isRecord(raw)) return undefined;
  const c = raw.context;
  if (c === undefined) return {};
  if (!isRecord(c)) return undefined;
  return fits(c.targetingKey, 200) && fits(c.segment, 100) && fits(c.outputId, 200) && fits(c.inputType, 100)
    ? (c as OfrepContext)
    : undefined;
}
