import { z } from "zod";
import { MIN_RETENTION_DAYS } from "../domain/retention";

/**
 * ROLLGUARD_RETENTION_DAYS: "off" (the default: raw events are kept forever) or whole days, at least
 * MIN_RETENTION_DAYS, at most 100 years.
 */
export const ZRetentionDays = z
  .union([
    z.literal("off"),
    z.coerce
      .number()
      .int("retention is a whole number of days")
      .min(
        MIN_RETENTION_DAYS,
        `retention is at least ${MIN_RETENTION_DAYS} days (the weekly review and the 30-day charts read raw outputs)`,
      )
      .max(36_500),
  ])
  .default("off")
  .transform((v) => (v === "off" ? null : v));
