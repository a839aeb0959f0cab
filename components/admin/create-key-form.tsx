"use client";

import { useActionState, useState } from "react";
import { createApiKeyAction } from "@/lib/actions/api-keys";
import { SCOPE_DESCRIPTIONS, SCOPES } from "@/lib/domain/scopes";
import { ActionErrorMessage } from "./action-error";
import { inputClass, labelClass, primaryButton, secondaryButton } from "./form-styles";

type Result = Awaited<ReturnType<typeof createApiKeyAction>> & {
  sent?: { name: string; feature: string; scopes: string[] };
  attempt?: number;
};

export function CreateKeyForm({ features }: { features: { key: string; name: string }[] }) {
  // React resets a form after its action: a refused one is re-mounted with what was sent
  const [state, formAction, pending] = useActionState(async (_prev: Result | null, form: FormData): Promise<Result> => {
    const sent = {
      name: String(form.get("name") ?? ""),
      feature: String(form.get("feature") ?? ""),
      scopes: form.getAll("scopes").map(String),
    };
    return { ...(await createApiKeyAction(form)), sent, attempt: Date.now() };
  }, null);
  const kept = state && !state.ok ? state.sent : undefined;
  return (
    <div className="space-y-4">
      <form
        key={kept ? `refused-${state?.attempt}` : "fresh"}
        action={formAction}
        aria-label="Create API key"
        className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-2"
      >
        <label className={labelClass}>
          Name
          <input
            name="name"
            required
            maxLength={100}
            defaultValue={kept?.name}
            placeholder="e.g. checkout backend"
            className={inputClass}
          />
        </label>
        <div>
          <label htmlFor="new-key-feature" className={labelClass}>
            Feature
          </label>
          <select id="new-key-feature" name="feature" defaultValue={kept?.feature ?? ""} className={inputClass}>
            <option value="">All features</option>
            {features.map((f) => (
              <option key={f.key} value={f.key}>
                {f.name} ({f.key})
              </option>
            ))}
          </select>
        </div>
        <fieldset className="md:col-span-2">
          <legend className="text-sm font-medium text-slate-700">Scopes</legend>
          <div className="mt-1 grid gap-2 sm:grid-cols-2">
            {SCOPES.map((s) => (
              <label key={s} className="flex items-start gap-2 text-sm text-slate-800">
                <input
                  type="checkbox"
                  name="scopes"
                  value={s}
                  defaultChecked={kept?.scopes.includes(s)}
                  className="mt-1 h-4 w-4 accent-blue-700"
                />
                <span>
                  <code className="font-semibold">{s}</code> <span className="text-slate-600">— {SCOPE_DESCRIPTIONS[s]}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="flex items-center gap-3 md:col-span-2">
          <button type="submit" disabled={pending} className={primaryButton}>
            {pending ? "Creating…" : "Create key"}
          </button>
          {state && !state.ok && <ActionErrorMessage error={state.error} />}
        </div>
      </form>
      {state?.ok && <NewKey key={state.data.prefix} apiKey={state.data.key} name={state.data.name} />}
    </div>
  );
}

export function NewKey({ apiKey, name }: { apiKey: string; name: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div role="status" className="rounded-lg border-2 border-blue-700 bg-blue-50 p-4 text-sm text-slate-900">
      <p className="font-semibold">Key “{name}” created. Copy it now: it is shown only once and only its hash is stored.</p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <input
          readOnly
          value={apiKey}
          aria-label="New API key"
          onFocus={(e) => e.currentTarget.select()}
          className="min-w-0 flex-1 rounded border border-slate-300 bg-white px-3 py-2 font-mono text-sm"
        />
        <button
          type="button"
          className={secondaryButton}
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(apiKey);
              setCopied(true);
            } catch {
              setCopied(false);
            }
          }}
        >
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
    </div>
  );
}
