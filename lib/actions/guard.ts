import { revalidatePath } from "next/cache";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { requireRole } from "../auth";
import type { SessionUser } from "../data/users";
import type { Role } from "../domain/roles";
import { triageError } from "../http";
import { log } from "../log";

// Every server action goes through `roleAction`: it authenticates (the session's user, re-read
// from the database, must have `role`), parses the input with zod, calls `fn`, and returns a
// result a form can show. Errors come back in the API's error shape plus the HTTP-like status,
// so the role matrix test can hold actions and route handlers to the same rules.

export interface ActionError {
  code: string;
  message: string;
  status: number;
  /** per-field messages for forms (zod issues by path) */
  fields?: Record<string, string>;
  details?: unknown;
}

export type ActionResult<O> = { ok: true; data: O } | { ok: false; error: ActionError };

export interface RoleActionOptions {
  /** pages to re-render after a successful change */
  revalidate?: string[];
}

export function roleAction<S extends z.ZodType, O>(
  role: Role,
  schema: S,
  fn: (input: z.output<S>, user: SessionUser) => Promise<O>,
  options: RoleActionOptions = {},
): (input: z.input<S> | FormData) => Promise<ActionResult<O>> {
  return async (raw) => {
    try {
      const user = await requireRole(role);
      const input = schema.parse(raw instanceof FormData ? formDataToObject(raw) : raw);
      const data = await fn(input, user);
      for (const path of options.revalidate ?? []) revalidatePath(path);
      return { ok: true, data };
    } catch (e) {
      unstable_rethrow(e); // redirect(), notFound() and Next's own signals pass through
      return { ok: false, error: toActionError(e) };
    }
  };
}

/** Form fields to an object: a name that occurs more than once becomes an array. Next's own `$ACTION_` fields are dropped. */
export function formDataToObject(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of form.entries()) {
    if (name.startsWith("$ACTION")) continue;
    const v = typeof value === "string" ? value : value.name;
    if (!(name in out)) out[name] = v;
    else out[name] = Array.isArray(out[name]) ? [...(out[name] as unknown[]), v] : [out[name], v];
  }
  return out;
}

export function toActionError(e: unknown): ActionError {
  const t = triageError(e, (x) => log.error("server action failed", { error: x instanceof Error ? (x.stack ?? x.message) : String(x) }));
  if (t.kind === "invalid") {
    const fields: Record<string, string> = {};
    for (const issue of t.issues) fields[issue.path.join(".") || "_"] ??= issue.message;
    return { code: t.code, message: t.issues[0]?.message ?? "The input is not valid", status: t.status, fields };
  }
  if (t.kind === "app")
    return { code: t.code, message: t.message, status: t.status, ...(t.details === undefined ? {} : { details: t.details }) };
  return { code: t.code, message: t.message, status: t.status };
}
