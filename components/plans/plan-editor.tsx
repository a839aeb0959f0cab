"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { updatePlanAction } from "@/lib/actions/plan";
import { ActionErrorMessage } from "@/components/admin/action-error";
import { inputClass, labelClass, primaryButton, secondaryButton } from "@/components/admin/form-styles";
import type { ActionError } from "@/lib/actions/guard";
import { LOW_CONFIDENCE_MODES, LOW_CONFIDENCE_NAMES, type LowConfidenceMode, type PhasePlan } from "@/lib/domain/plan";

// The phase plan editor. Phases up to the current one are history: their keys and order are fixed
// (their settings may change, and a change to the current phase takes effect at once). Rates are
// edited as percent, the confidence threshold as a 0–1 score like the decision API reports it.

interface Draft {
  key: string;
  name: string;
  audiencePercent: string;
  segments: string[];
  confidenceThreshold: string;
  reviewPercent: string;
  rateLimit: string;
  minDurationDays: string;
  accuracyPercent: string;
  minLabels: string;
  thumbsUpPercent: string;
  maxCriticalTickets: string;
  noOpenAlerts: boolean;
  signOffs: string;
  expertReview: string;
  educationalOnly: boolean;
  rationale: string;
  inputTypes: string;
  lowConfidence: LowConfidenceMode;
  disclosure: string;
}

const pct = (x: number | undefined) => (x === undefined ? "" : String(Number((x * 100).toFixed(2))));
const toDraft = (p: PhasePlan): Draft => ({
  key: p.key,
  name: p.name,
  audiencePercent: String(p.audiencePercent),
  segments: p.segments,
  confidenceThreshold: String(p.confidenceThreshold),
  reviewPercent: pct(p.reviewRate),
  rateLimit: p.rateLimitPerMinute === null ? "" : String(p.rateLimitPerMinute),
  minDurationDays: String(p.minDurationDays),
  accuracyPercent: pct(p.successCriteria.accuracyMin),
  minLabels: String(p.successCriteria.minLabels),
  thumbsUpPercent: pct(p.successCriteria.thumbsUpMin),
  maxCriticalTickets: p.successCriteria.maxCriticalTickets === undefined ? "" : String(p.successCriteria.maxCriticalTickets),
  noOpenAlerts: Boolean(p.successCriteria.noOpenAlerts),
  signOffs: (p.successCriteria.requiredSignOffs ?? []).join(", "),
  expertReview: p.expertReview ?? "",
  educationalOnly: Boolean(p.educationalOnly),
  rationale: p.rationale ?? "",
  inputTypes: (p.inputTypes ?? []).join(", "),
  lowConfidence: p.lowConfidence ?? "fallback",
  disclosure: p.disclosure ?? "",
});
const num = (s: string) => (s.trim() === "" ? NaN : Number(s));
const optional = (s: string, scale = 1) => (s.trim() === "" ? undefined : Number(s) / scale);
const fromDraft = (d: Draft): PhasePlan => ({
  key: d.key.trim(),
  name: d.name.trim(),
  audiencePercent: num(d.audiencePercent),
  segments: d.segments,
  confidenceThreshold: num(d.confidenceThreshold),
  reviewRate: num(d.reviewPercent || "0") / 100,
  rateLimitPerMinute: d.rateLimit.trim() === "" ? null : Number(d.rateLimit),
  minDurationDays: num(d.minDurationDays || "0"),
  successCriteria: {
    accuracyMin: num(d.accuracyPercent) / 100,
    minLabels: num(d.minLabels),
    ...(optional(d.thumbsUpPercent, 100) === undefined ? {} : { thumbsUpMin: optional(d.thumbsUpPercent, 100) }),
    ...(optional(d.maxCriticalTickets) === undefined ? {} : { maxCriticalTickets: optional(d.maxCriticalTickets) }),
    ...(d.noOpenAlerts ? { noOpenAlerts: true } : {}),
    ...(d.signOffs.trim()
      ? {
          requiredSignOffs: d.signOffs
            .split(",")
            .map((s) => s.trim().toLowerCase())
            .filter(Boolean),
        }
      : {}),
  },
  expertReview: d.expertReview,
  educationalOnly: d.educationalOnly,
  rationale: d.rationale,
  inputTypes: d.inputTypes
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
  lowConfidence: d.lowConfidence,
  disclosure: d.disclosure,
});

export function PlanEditor({
  featureKey,
  plan,
  lockedCount,
  segments,
}: {
  featureKey: string;
  plan: PhasePlan[];
  lockedCount: number;
  segments: { key: string; name: string }[];
}) {
  const router = useRouter();
  const [drafts, setDrafts] = useState<Draft[]>(plan.map(toDraft));
  const [error, setError] = useState<ActionError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const update = (i: number, patch: Partial<Draft>) => setDrafts(drafts.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  const move = (i: number, by: number) => {
    const next = [...drafts];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    setDrafts(next);
  };
  const fieldError = (i: number, ...path: string[]) => {
    const m = error?.fields?.[["phases", i, ...path].join(".")];
    return m ? <span className="mt-1 block text-xs font-normal text-orange-900">{m}</span> : null;
  };

  const submit = () =>
    start(async () => {
      const r = await updatePlanAction({ feature: featureKey, phases: drafts.map(fromDraft) });
      if (!r.ok) return setError(r.error);
      setError(null);
      setSaved(
        r.data.currentPhaseChanged ? "Saved. The current phase changed: the decision API already answers with the new settings." : "Saved.",
      );
      router.refresh();
    });

  return (
    <form
      aria-label="Phase plan"
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <ol className="space-y-4">
        {drafts.map((d, i) => {
          const locked = i < lockedCount;
          return (
            <li key={i}>
              <fieldset
                className={`grid gap-3 rounded-lg border bg-white p-4 md:grid-cols-4 ${i === lockedCount - 1 ? "border-2 border-blue-700" : "border-slate-200"}`}
              >
                <legend className="px-1 text-base font-semibold">
                  Phase {i + 1}: {d.name || "(unnamed)"} {i === lockedCount - 1 ? "— current" : locked ? "— done" : ""}
                </legend>
                <label className={labelClass}>
                  Key
                  <input
                    value={d.key}
                    disabled={locked}
                    onChange={(e) => update(i, { key: e.target.value })}
                    required
                    className={inputClass}
                  />
                  {fieldError(i, "key")}
                </label>
                <label className={labelClass}>
                  Name
                  <input value={d.name} onChange={(e) => update(i, { name: e.target.value })} required className={inputClass} />
                  {fieldError(i, "name")}
                </label>
                <label className={labelClass}>
                  Audience (%)
                  <input
                    type="number"
                    min={0}
                    max={100}
                    step="any"
                    value={d.audiencePercent}
                    onChange={(e) => update(i, { audiencePercent: e.target.value })}
                    required
                    className={inputClass}
                  />
                  {fieldError(i, "audiencePercent")}
                </label>
                <label className={labelClass}>
                  Confidence threshold (0–1)
                  <input
                    type="number"
                    min={0}
                    max={1}
                    step="0.01"
                    value={d.confidenceThreshold}
                    onChange={(e) => update(i, { confidenceThreshold: e.target.value })}
                    required
                    className={inputClass}
                  />
                  {fieldError(i, "confidenceThreshold")}
                </label>
                <label className={labelClass}>
                  Human review sample (%)
                  <input
                    type="number"
                    min={0}
                    max={100}
                    step="any"
                    value={d.reviewPercent}
                    onChange={(e) => update(i, { reviewPercent: e.target.value })}
                    className={inputClass}
                  />
                </label>
                <label className={labelClass}>
                  Rate limit (AI answers / min)
                  <input
                    type="number"
                    min={1}
                    step={1}
                    value={d.rateLimit}
                    onChange={(e) => update(i, { rateLimit: e.target.value })}
                    placeholder="none"
                    className={inputClass}
                  />
                  {fieldError(i, "rateLimitPerMinute")}
                </label>
                <label className={labelClass}>
                  Minimum duration (days)
                  <input
                    type="number"
                    min={0}
                    max={365}
                    step={1}
                    value={d.minDurationDays}
                    onChange={(e) => update(i, { minDurationDays: e.target.value })}
                    className={inputClass}
                  />
                </label>
                <label className={labelClass}>
                  Expert review
                  <input
                    value={d.expertReview}
                    onChange={(e) => update(i, { expertReview: e.target.value })}
                    maxLength={200}
                    placeholder="who checks before it takes effect"
                    className={inputClass}
                  />
                </label>
                <fieldset className="md:col-span-2">
                  <legend className="text-sm font-medium text-slate-700">Allowed segments (none ticked: everyone)</legend>
                  <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
                    {segments.map((s) => (
                      <label key={s.key} className="flex items-center gap-1.5 text-sm">
                        <input
                          type="checkbox"
                          checked={d.segments.includes(s.key)}
                          onChange={(e) =>
                            update(i, { segments: e.target.checked ? [...d.segments, s.key] : d.segments.filter((k) => k !== s.key) })
                          }
                          className="h-4 w-4 accent-blue-700"
                        />
                        {s.name} <code className="text-xs text-slate-500">{s.key}</code>
                      </label>
                    ))}
                  </div>
                </fieldset>
                <label className={`${labelClass} md:col-span-2`}>
                  Input types served (comma separated; empty: every type)
                  <input
                    value={d.inputTypes}
                    onChange={(e) => update(i, { inputTypes: e.target.value })}
                    placeholder="every type, e.g. python, typescript"
                    className={inputClass}
                  />
                  {fieldError(i, "inputTypes")}
                </label>
                <label className={labelClass}>
                  Below the threshold
                  <select
                    value={d.lowConfidence}
                    onChange={(e) => update(i, { lowConfidence: e.target.value as LowConfidenceMode })}
                    className={inputClass}
                  >
                    {LOW_CONFIDENCE_MODES.map((m) => (
                      <option key={m} value={m}>
                        {LOW_CONFIDENCE_NAMES[m]}
                      </option>
                    ))}
                  </select>
                </label>
                <label className={labelClass}>
                  Disclosure beside the answer
                  <input
                    value={d.disclosure}
                    onChange={(e) => update(i, { disclosure: e.target.value })}
                    maxLength={200}
                    placeholder="e.g. AI-generated — verify thoroughly"
                    className={inputClass}
                  />
                  {fieldError(i, "disclosure")}
                </label>
                <label className="flex items-center gap-2 text-sm font-medium text-slate-700 md:col-span-2">
                  <input
                    type="checkbox"
                    checked={d.educationalOnly}
                    onChange={(e) => update(i, { educationalOnly: e.target.checked })}
                    className="h-4 w-4 accent-blue-700"
                  />
                  Educational only (answers framed as information, not advice)
                </label>
                <fieldset className="grid gap-3 rounded border border-slate-200 p-3 md:col-span-4 md:grid-cols-6">
                  <legend className="px-1 text-sm font-semibold">Success criteria to leave this phase</legend>
                  <label className={labelClass}>
                    Accuracy floor (%)
                    <input
                      type="number"
                      min={0}
                      max={100}
                      step="any"
                      value={d.accuracyPercent}
                      onChange={(e) => update(i, { accuracyPercent: e.target.value })}
                      required
                      className={inputClass}
                    />
                    {fieldError(i, "successCriteria", "accuracyMin")}
                  </label>
                  <label className={labelClass}>
                    with at least (labels)
                    <input
                      type="number"
                      min={1}
                      step={1}
                      value={d.minLabels}
                      onChange={(e) => update(i, { minLabels: e.target.value })}
                      required
                      className={inputClass}
                    />
                    {fieldError(i, "successCriteria", "minLabels")}
                  </label>
                  <label className={labelClass}>
                    Thumbs up ≥ (%)
                    <input
                      type="number"
                      min={0}
                      max={100}
                      step="any"
                      value={d.thumbsUpPercent}
                      onChange={(e) => update(i, { thumbsUpPercent: e.target.value })}
                      placeholder="not judged"
                      className={inputClass}
                    />
                  </label>
                  <label className={labelClass}>
                    Critical tickets ≤
                    <input
                      type="number"
                      min={0}
                      step={1}
                      value={d.maxCriticalTickets}
                      onChange={(e) => update(i, { maxCriticalTickets: e.target.value })}
                      placeholder="not judged"
                      className={inputClass}
                    />
                  </label>
                  <label className={labelClass}>
                    Sign-offs (comma separated)
                    <input
                      value={d.signOffs}
                      onChange={(e) => update(i, { signOffs: e.target.value })}
                      placeholder="e.g. legal"
                      className={inputClass}
                    />
                  </label>
                  <label className="flex items-center gap-2 self-end pb-2 text-sm font-medium text-slate-700">
                    <input
                      type="checkbox"
                      checked={d.noOpenAlerts}
                      onChange={(e) => update(i, { noOpenAlerts: e.target.checked })}
                      className="h-4 w-4 accent-blue-700"
                    />
                    No open alerts
                  </label>
                </fieldset>
                <label className={`${labelClass} md:col-span-4`}>
                  Reasoning (why these users and guardrails are safe enough)
                  <textarea
                    rows={2}
                    value={d.rationale}
                    onChange={(e) => update(i, { rationale: e.target.value })}
                    maxLength={500}
                    className={inputClass}
                  />
                </label>
                {!locked && (
                  <div className="flex flex-wrap gap-2 md:col-span-4">
                    <button
                      type="button"
                      className={secondaryButton}
                      disabled={i <= lockedCount}
                      onClick={() => move(i, -1)}
                      aria-label={`Move ${d.name || `phase ${i + 1}`} up`}
                    >
                      ↑ Up
                    </button>
                    <button
                      type="button"
                      className={secondaryButton}
                      disabled={i === drafts.length - 1}
                      onClick={() => move(i, 1)}
                      aria-label={`Move ${d.name || `phase ${i + 1}`} down`}
                    >
                      ↓ Down
                    </button>
                    <button
                      type="button"
                      className={secondaryButton}
                      disabled={drafts.length === 1}
                      onClick={() => setDrafts(drafts.filter((_, j) => j !== i))}
                      aria-label={`Remove ${d.name || `phase ${i + 1}`}`}
                    >
                      Remove
                    </button>
                  </div>
                )}
              </fieldset>
            </li>
          );
        })}
      </ol>
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="button"
          className={secondaryButton}
          disabled={drafts.length >= 10}
          onClick={() =>
            setDrafts([
              ...drafts,
              {
                ...toDraft(fromDraft(drafts.at(-1)!)),
                key: `phase-${drafts.length + 1}`,
                name: `Phase ${drafts.length + 1}`,
                rationale: "",
              },
            ])
          }
        >
          Add phase
        </button>
        <button type="submit" disabled={pending} className={primaryButton}>
          {pending ? "Saving…" : "Save plan"}
        </button>
        {saved && (
          <p role="status" className="text-sm text-slate-700">
            ✓ {saved}
          </p>
        )}
        <ActionErrorMessage error={error} />
      </div>
    </form>
  );
}
