import { z } from "zod";

/** A model version's name as the outputs carry it (the `model` field of an output event), as a filter. */
export const ZModelName = z.string().trim().min(1).max(100);

/** The feature page's `model` URL parameter: a bad or empty value is no filter, never an error page. */
export const ZModelParam = z.preprocess((v) => (Array.isArray(v) ? v[0] : v), ZModelName.optional().catch(undefined));

/** The model filter of the page's search parameters (null: all models). */
export function modelParam(params: Record<string, string | string[] | undefined>): string | null {
  return ZModelParam.parse(params.model) ?? null;
}
