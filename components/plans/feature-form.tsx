"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { updateFeatureAction } from "@/lib/actions/feature-edit";
import { createFeatureAction } from "@/lib/actions/feature-create";
import { ActionErrorMessage } from "@/components/admin/action-error";
import { inputClass, labelClass, primaryButton } from "@/components/admin/form-styles";
import type { ActionError } from "@/lib/actions/guard";
import { escalationTable } from "@/lib/domain/escalation";
import { PLAN_TEMPLATES, type StakesLevel } from "@/lib/domain/plan-templates";
import { EscalationTable } from "./escalation-table";

// Feature set-up: create (with a plan template by stakes, previewed as its escalation table) or
// edit the details. The same zod schema checks it on the server.

export interface FeatureDetails {
  key: string;
  name: string;
  description: string;
  stakes: StakesLevel;
  owner: string;
  fallback: string;
}

const STAKES: { value: StakesLevel; label: string }[] = [
  { value: "low", label: "Low — a mistake costs a reread (e.g. summarisation)" },
  { value: "medium", label: "Medium — a mistake costs time or a bug (e.g. code generation)" },
  { value: "high", label: "High — a mistake can cost money, health or rights (e.g. advice)" },
];

export function FeatureForm({ initial, segmentNames }: { initial?: FeatureDetails; segmentNames: Record<string, string> }) {
  const router = useRouter();
  const editing = Boolean(initial);
  const [v, setV] = useState<FeatureDetails>(initial ?? { key: "", name: "", description: "", stakes: "medium", owner: "", fallback: "" });
  const [template, setTemplate] = useState<StakesLevel>(initial?.stakes ?? "medium");
  const [templateTouched, setTemplateTouched] = useState(false);
  const [error, setError] = useState<ActionError | null>(null);
  const [saved, setSaved] = useState(false);
  const [pending, start] = useTransition();
  const set = (k: keyof FeatureDetails) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
    setV({ ...v, [k]: e.target.value });
  const fieldError = (k: string) => error?.fields?.[k] && <span className="mt-1 block text-xs text-orange-900">{error.fields[k]}</span>;

  const submit = () =>
    start(async () => {
      setSaved(false);
      if (editing) {
        const { key, ...details } = v;
        const r = await updateFeatureAction({ feature: key, ...details });
        if (!r.ok) return setError(r.error);
        setError(null);
        setSaved(true);
        router.refresh();
      } else {
        const r = await createFeatureAction({ ...v, template });
        if (!r.ok) return setError(r.error);
        router.push(`/features/${r.data.key}/checklist?created=1`);
      }
    });

  return (
    <form
      aria-label={editing ? "Edit feature" : "New feature"}
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-2">
        <label className={labelClass}>
          Key
          <input
            value={v.key}
            onChange={set("key")}
            required
            disabled={editing}
            pattern="[a-z0-9][a-z0-9\-]{1,62}"
            placeholder="e.g. portfolio-advisor"
            className={inputClass}
            aria-describedby="key-help"
          />
          <span id="key-help" className="mt-1 block text-xs font-normal text-slate-600">
            Lowercase letters, digits and dashes. Your product uses it in the decision API; it cannot change later.
          </span>
          {fieldError("key")}
        </label>
        <label className={labelClass}>
          Name
          <input value={v.name} onChange={set("name")} required maxLength={100} className={inputClass} />
          {fieldError("name")}
        </label>
        <label className={`${labelClass} md:col-span-2`}>
          Description
          <input value={v.description} onChange={set("description")} maxLength={500} className={inputClass} />
        </label>
        <label className={labelClass}>
          Owner
          <input value={v.owner} onChange={set("owner")} maxLength={100} placeholder="team or person" className={inputClass} />
        </label>
        <fieldset className="md:row-span-2">
          <legend className="text-sm font-medium text-slate-700">Stakes</legend>
          <div className="mt-1 space-y-1">
            {STAKES.map((s) => (
              <label key={s.value} className="flex items-start gap-2 text-sm text-slate-800">
                <input
                  type="radio"
                  name="stakes"
                  value={s.value}
                  checked={v.stakes === s.value}
                  onChange={() => {
                    setV({ ...v, stakes: s.value });
                    if (!templateTouched) setTemplate(s.value);
                  }}
                  className="mt-1 h-4 w-4 accent-blue-700"
                />
                {s.label}
              </label>
            ))}
          </div>
        </fieldset>
        <label className={labelClass}>
          Fallback behaviour
          <textarea
            value={v.fallback}
            onChange={set("fallback")}
            maxLength={500}
            rows={2}
            placeholder="What users see when the AI is off or not confident"
            className={inputClass}
          />
        </label>
      </div>

      {!editing && (
        <section aria-labelledby="template-heading" className="space-y-2">
          <h2 id="template-heading" className="text-lg font-semibold">
            Phase plan
          </h2>
          <label className={`${labelClass} max-w-md`}>
            Start from the template
            <select
              value={template}
              onChange={(e) => {
                setTemplate(e.target.value as StakesLevel);
                setTemplateTouched(true);
              }}
              className={inputClass}
            >
              {(["low", "medium", "high"] as const).map((s) => (
                <option key={s} value={s}>
                  {PLAN_TEMPLATES[s].title} ({PLAN_TEMPLATES[s].example}-like)
                </option>
              ))}
            </select>
          </label>
          <p className="text-sm text-slate-700">{PLAN_TEMPLATES[template].summary} You can edit every phase after creating the feature.</p>
          <EscalationTable
            rows={escalationTable(PLAN_TEMPLATES[template].plan, segmentNames)}
            caption={`Escalation plan of the ${template}-stakes template`}
          />
        </section>
      )}

      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={pending} className={primaryButton}>
          {pending ? "Saving…" : editing ? "Save details" : "Create feature"}
        </button>
        {saved && (
          <p role="status" className="text-sm text-slate-700">
            ✓ Saved.
          </p>
        )}
        <ActionErrorMessage error={error} />
      </div>
    </form>
  );
}
