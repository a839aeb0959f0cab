import { z } from "zod";
import { SCOPES } from "../domain/scopes";

// A form sends one checkbox value as a string and several as an array: accept both.
const asList = (v: unknown) => (v === undefined || v === null || v === "" ? [] : Array.isArray(v) ? v : [v]);

export const ZNewApiKey = z.object({
  name: z.string().trim().min(1, "Give the key a name").max(100, "At most 100 characters"),
  scopes: z.preprocess(asList, z.array(z.enum(SCOPES)).min(1, "Choose at least one scope")).transform((s) => [...new Set(s)]),
  /** A feature key, or empty for every feature. */
  feature: z
    .string()
    .trim()
    .max(100)
    .optional()
    .transform((v) => v || null),
});
export type NewApiKey = z.output<typeof ZNewApiKey>;

export const ZRevokeApiKey = z.object({
  prefix: z.string().trim().regex(/^rg_[A-Za-z0-9_-]{1,20}$/, "Not a key prefix"),
});
