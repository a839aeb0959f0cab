import { z } from "zod";

// The audit page's filters, from the URL. A malformed field is dropped rather than failing the page.

const text = z.string().trim().min(1).max(200).optional().catch(undefined);
// The page types these in the viewer's zone and sends them as UTC "2026-05-01T14:05" (components/admin/zoned-datetime-input.tsx).
const utcInstant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$/)
  .transform((v) => new Date(`${v.length === 10 ? `${v}T00:00` : v}Z`))
  .refine((d) => !Number.isNaN(d.getTime()))
  .optional()
  .catch(undefined);

export const ZAuditQuery = z.object({
  action: text,
  actor: text,
  target: text,
  from: utcInstant,
  to: utcInstant,
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});
export type AuditQuery = z.output<typeof ZAuditQuery>;

export const AUDIT_PAGE_SIZE = 50;
