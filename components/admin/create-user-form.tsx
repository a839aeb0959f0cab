"use client";

import { useActionState } from "react";
import { createUserAction } from "@/lib/actions/users";
import { ROLES } from "@/lib/domain/roles";
import { ActionErrorMessage } from "./action-error";
import { inputClass, labelClass, primaryButton } from "./form-styles";

type Result = Awaited<ReturnType<typeof createUserAction>> & { sent?: { email: string; name: string; role: string }; attempt?: number };

export function CreateUserForm() {
  // React resets a form after its action: a refused one is re-mounted with what was sent (never the password)
  const [state, formAction, pending] = useActionState(async (_prev: Result | null, form: FormData): Promise<Result> => {
    const sent = {
      email: String(form.get("email") ?? ""),
      name: String(form.get("name") ?? ""),
      role: String(form.get("role") ?? "viewer"),
    };
    return { ...(await createUserAction(form)), sent, attempt: Date.now() };
  }, null);
  const kept = state && !state.ok ? state.sent : undefined;
  return (
    <form
      key={kept ? `refused-${state?.attempt}` : "fresh"}
      action={formAction}
      aria-label="Create user"
      className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-4"
    >
      <label className={labelClass}>
        Email
        <input name="email" type="email" required autoComplete="off" defaultValue={kept?.email} className={inputClass} />
      </label>
      <label className={labelClass}>
        Name
        <input name="name" maxLength={100} autoComplete="off" defaultValue={kept?.name} className={inputClass} />
      </label>
      <div>
        <label htmlFor="new-user-role" className={labelClass}>
          Role
        </label>
        <select id="new-user-role" name="role" defaultValue={kept?.role ?? "viewer"} className={inputClass}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </div>
      <label className={labelClass}>
        Initial password
        <input name="password" type="password" required minLength={12} autoComplete="new-password" className={inputClass} />
        <span className="mt-1 block text-xs font-normal text-slate-600">At least 12 characters; share it with the person privately.</span>
      </label>
      <div className="flex flex-wrap items-center gap-3 md:col-span-4">
        <button type="submit" disabled={pending} className={primaryButton}>
          {pending ? "Creating…" : "Create user"}
        </button>
        {state && !state.ok && <ActionErrorMessage error={state.error} />}
        {state?.ok && (
          <p role="status" className="text-sm text-slate-800">
            Created {state.data.email} as {state.data.role}.
          </p>
        )}
      </div>
    </form>
  );
}
