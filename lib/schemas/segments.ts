import { z } from "zod";
import { ZSlug } from "./plan";

// Named groups of users that phases may be limited to, each with why it forgives mistakes.

export const ZSegment = z.object({
  key: ZSlug,
  name: z.string().trim().min(1, "a name is required").max(80),
  reason: z.string().trim().min(1, "write why this group forgives mistakes").max(500),
});
export type SegmentInput = z.infer<typeof ZSegment>;

export const ZSegmentDelete = z.object({ key: ZSlug });
