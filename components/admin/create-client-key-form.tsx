"use client";

import { useActionState } from "react";
import { createClientKeyAction } from "@/lib/actions/api-keys";
import { ActionErrorMessage } from "./action-error";
import { NewKey } from "./create-key-form";
import { inputClass, labelClass, primaryButton } from "./form-styles";

type Result = Awaited<ReturnType<typeof createClientKeyAction>>;

/** A key a browser may hold: evaluate and thumbs feedback only, named features, allowed origins. */
export function CreateClientKeyForm({ features }: { features: { key: string; name: string }[] }) {
  const [state, formAction, pending] = useActionState(async (_prev: Result | null, form: FormData) => createClientKeyAction(form), null);
  return (
    <div className="space-y-4">
      <form
        action={formAction}
        aria-label="Create client-side key"
        className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-2"
      >
        <label className={labelClass}>
          Name
          <input name="name" required maxLength={100} placeholder="e.g. web app" className={inputClass} />
        </label>
        <label className={labelClass}>
          Allowed origins
          <input name="origins" required placeholder="https://app.example.com http://localhost:5173" className={inputClass} />
          <span className="text-xs font-normal text-slate-600">scheme://host[:port], separated by spaces or commas</span>
        </label>
        <fieldset className="md:col-span-2">
          <legend className="text-sm font-medium text-slate-700">Features it may evaluate</legend>
          <div className="mt-1 grid gap-2 sm:grid-cols-2">
            {features.map((f) => (
              <label key={f.key} className="flex items-center gap-2 text-sm text-slate-800">
                <input type="checkbox" name="features" value={f.key} className="h-4 w-4 accent-blue-700" />
                <span>
                  {f.name} <code className="text-slate-600">({f.key})</code>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="flex items-center gap-3 md:col-span-2">
          <button type="submit" disabled={pending} className={primaryButton}>
            {pending ? "Creating…" : "Create client-side key"}
          </button>
          {state && !state.ok && <ActionErrorMessage error={state.error} />}
        </div>
      </form>
      {state?.ok && <NewKey key={state.data.prefix} apiKey={state.data.key} name={state.data.name} />}
    </div>
  );
}
