import { z } from "zod";
import { ROLES } from "../domain/roles";

export const ZEmail = z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address")).pipe(z.string().max(200));
export const ZPassword = z.string().min(12, "The password needs at least 12 characters").max(500);

export const ZFirstAdmin = z.object({
  email: ZEmail,
  name: z.string().trim().max(100).default(""),
  password: ZPassword,
});

export const ZNewUser = z.object({
  email: ZEmail,
  name: z.string().trim().max(100).default(""),
  password: ZPassword,
  role: z.enum(ROLES),
});

export const ZUserRoleChange = z.object({
  userId: z.string().trim().min(1).max(100),
  role: z.enum(ROLES),
});

// "true"/"false" from a form field, or a boolean from code.
const ZBool = z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]);

export const ZUserActiveChange = z.object({
  userId: z.string().trim().min(1).max(100),
  active: ZBool,
});
