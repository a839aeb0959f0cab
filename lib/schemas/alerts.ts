import { z } from "zod";

/** Query of GET /api/v1/features/{key}/alerts. */
export const ZAlertsQuery = z.object({
  status: z.enum(["open", "acknowledged", "resolved"]).optional(),
});
