import { z } from "zod";

/** Query of GET /api/v1/features/{key}/alerts. */
export const ZAlertsQuery = z.object({
  status: z.enum(["open", "acknowledged", "resolved"]).optional(),
});

export const ZAlertStatus = z.enum(["open", "acknowledged", "resolved"]);

/** The acknowledge server action (the alerts page and the feature page). */
export const ZAcknowledgeAlertAction = z.strictObject({
  alertId: z.string().trim().min(1).max(64),
});

/** "I am on it" for a whole incident: every open alert in it, with an optional note. */
export const ZAcknowledgeIncidentAction = z.strictObject({
  incidentId: z.string().trim().min(1).max(64),
  note: z.string().trim().max(500).optional(),
});

/** Filters of the /alerts page; anything unknown falls back to "all". */
export const ZAlertsPageQuery = z.object({
  feature: z
    .string()
    .trim()
    .max(63)
    .optional()
    .catch(undefined)
    .transform((v) => v || undefined),
  status: ZAlertStatus.optional().catch(undefined),
});
