"use client";

import { useActionState, useState } from "react";
import { createChannelAction } from "@/lib/actions/channels";
import { ActionErrorMessage } from "@/components/admin/action-error";
import { inputClass, labelClass, primaryButton } from "@/components/admin/form-styles";
import { CHANNEL_EVENTS } from "@/lib/schemas/channels";

type Result = Awaited<ReturnType<typeof createChannelAction>>;
type State = { result: Result; values: Record<string, string | string[]>; n: number } | null;

const KIND_HELP: Record<string, string> = {
  slack:
    "A Slack incoming webhook URL (https://hooks.slack.com/services/…): messages in Slack's format, with the figure, its interval and links.",
  webhook: "Any URL: Rollguard POSTs JSON signed with HMAC-SHA256 (header X-Rollguard-Signature: sha256=…); the secret is shown once.",
  email: "Addresses separated by commas; sent through the SMTP server in ROLLGUARD_SMTP_URL.",
};

/** Adds a channel. A refused form keeps everything typed (the fields remount with the values sent). */
export function ChannelForm({ features, smtpConfigured }: { features: { key: string; name: string }[]; smtpConfigured: boolean }) {
  const [state, formAction, pending] = useActionState(async (prev: State, form: FormData): Promise<State> => {
    const values: Record<string, string | string[]> = { events: form.getAll("events").map(String) };
    for (const [k, v] of form.entries()) if (k !== "events" && typeof v === "string") values[k] = v;
    return { result: await createChannelAction(form), values, n: (prev?.n ?? 0) + 1 };
  }, null);
  const refused = state && !state.result.ok ? state.values : null;
  const [kind, setKind] = useState("slack");
  const fieldErrors = state && !state.result.ok ? (state.result.error.fields ?? {}) : {};
  const v = (name: string) => (refused?.[name] as string | undefined) ?? "";
  const events = (refused?.events as string[] | undefined) ?? [...CHANNEL_EVENTS];
  return (
    <div className="space-y-3">
      <form
        key={state?.n ?? 0}
        action={formAction}
        aria-label="Add a channel"
        className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-2"
      >
        <label className={labelClass}>
          Name
          <input name="name" required maxLength={100} defaultValue={v("name")} placeholder="e.g. #ai-incidents" className={inputClass} />
        </label>
        <label className={labelClass}>
          Kind
          <select name="kind" value={kind} onChange={(e) => setKind(e.target.value)} className={inputClass}>
            <option value="slack">Slack (incoming webhook)</option>
            <option value="webhook">Signed webhook (JSON)</option>
            <option value="email">Email (SMTP)</option>
          </select>
        </label>
        {kind === "email" ? (
          <label className={`${labelClass} md:col-span-2`}>
            Email addresses
            <input name="emailTo" defaultValue={v("emailTo")} placeholder="oncall@example.com, pm@example.com" className={inputClass} />
            {fieldErrors.emailTo && <span className="text-sm text-orange-900">{fieldErrors.emailTo}</span>}
          </label>
        ) : (
          <label className={`${labelClass} md:col-span-2`}>
            URL
            <input name="url" type="url" defaultValue={v("url")} placeholder="https://hooks.slack.com/services/…" className={inputClass} />
            {fieldErrors.url && <span className="text-sm text-orange-900">{fieldErrors.url}</span>}
          </label>
        )}
        <p className="-mt-2 text-xs text-slate-600 md:col-span-2">
          {KIND_HELP[kind]}
          {kind === "email" && !smtpConfigured && (
            <strong> SMTP is not configured on this server: deliveries will fail until it is.</strong>
          )}
        </p>
        <label className={labelClass}>
          Feature
          <select name="feature" defaultValue={v("feature")} className={inputClass}>
            <option value="">All features</option>
            {features.map((f) => (
              <option key={f.key} value={f.key}>
                {f.name} ({f.key})
              </option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend className="text-sm font-medium text-slate-700">Events</legend>
          <div className="mt-1 grid gap-1 sm:grid-cols-2">
            {CHANNEL_EVENTS.map((e) => (
              <label key={e} className="flex items-center gap-2 text-sm text-slate-800">
                <input type="checkbox" name="events" value={e} defaultChecked={events.includes(e)} className="h-4 w-4 accent-blue-700" />
                <code>{e}</code>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="flex flex-wrap items-center gap-3 md:col-span-2">
          <button type="submit" disabled={pending} className={primaryButton}>
            {pending ? "Adding…" : "Add channel"}
          </button>
          {state && !state.result.ok && <ActionErrorMessage error={state.result.error} />}
        </div>
      </form>
      {state?.result.ok && (
        <div role="status" className="rounded-lg border-2 border-blue-700 bg-blue-50 p-3 text-sm text-slate-900">
          Channel “{state.result.data.name}” added. Send a test to check it.
          {state.result.data.secret && (
            <span className="mt-1 block break-all">
              Signing secret (shown once): <code>{state.result.data.secret}</code>
            </span>
          )}
        </div>
      )}
    </div>
  );
}
