"use server";

import { redirect } from "next/navigation";
import { createFirstAdminUser } from "@/lib/data/first-admin";
import { ZFirstAdmin } from "@/lib/schemas/users";

// Only works while the database has no user at all (checked inside the write transaction).
export async function createFirstAdmin(form: FormData) {
  const parsed = ZFirstAdmin.safeParse(Object.fromEntries(form));
  if (!parsed.success) redirect(`/setup?error=${encodeURIComponent(parsed.error.issues[0]?.message ?? "Invalid input")}`);
  const created = await createFirstAdminUser(parsed.data);
  redirect(created ? "/signin" : "/setup?error=An%20admin%20already%20exists");
}
