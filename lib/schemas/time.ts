import { z } from "zod";

// One reading of a time in a query or body: epoch milliseconds or ISO 8601 with a zone, within
// years 1970–9999. Outside that (a 20-digit number, 2026-02-30) it is a 400, never a RangeError
// from `new Date(...)` later on.

/** 9999-12-31T23:59:59.999Z: the last instant an ISO 8601 date-time can write with four digits. */
export const MAX_INSTANT_MS = 253_402_300_799_999;

export const isInstant = (ms: number) => Number.isSafeInteger(ms) && ms >= 0 && ms <= MAX_INSTANT_MS;

const MESSAGE = "must be a time: ISO 8601 with a zone (2026-10-27T18:00:00Z) or epoch milliseconds";
const RANGE = "must be a real date between 1970 and 9999";

/** Epoch ms or ISO 8601 (strings only: query parameters). */
export const ZQueryTime = z
  .union([z.string().regex(/^\d+$/).transform(Number), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))], {
    error: MESSAGE,
  })
  .refine(isInstant, RANGE);

/** Epoch ms as a number too (JSON bodies). */
export const ZBodyTime = z
  .union([z.number(), z.string().regex(/^\d+$/).transform(Number), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))], {
    error: MESSAGE,
  })
  .refine(isInstant, RANGE);
