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
  prefix: z
    .string()
    .trim()
    .regex(/^rg_[A-Za-z0-9_-]{1,20}$/, "Not a key prefix"),
});

/** A browser origin as CORS compares it: scheme://host[:port], nothing after. */
const ZOrigin = z
  .string()
  .trim()
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === "https:" || u.protocol === "http:") && u.origin === v.replace(/\/$/, "");
    } catch {
      return false;
    }
  }, "An origin is scheme://host[:port], e.g. https://app.example.com")
  .transform((v) => v.replace(/\/$/, ""));

// A form sends one text field; the CLI a comma separated list: accept commas, spaces, newlines.
const asWords = (v: unknown) => (Array.isArray(v) ? v : typeof v === "string" ? v.split(/[\s,]+/).filter(Boolean) : []);

/** A client-side key: may sit in a browser, so it names its features and the origins it serves. */
export const ZNewClientKey = z.object({
  name: z.string().trim().min(1, "Give the key a name").max(100, "At most 100 characters"),
  features: z.preprocess(asWords, z.array(z.string().trim().min(1)).min(1, "Name at least one feature")).transform((s) => [...new Set(s)]),
  origins: z.preprocess(asWords, z.array(ZOrigin).min(1, "Allow at least one origin").max(50)).transform((s) => [...new Set(s)]),
});
export type NewClientKey = z.output<typeof ZNewClientKey>;
