"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { saveChecklistAction } from "@/lib/actions/checklist";
import { ActionErrorMessage } from "@/components/admin/action-error";
import { inputClass, labelClass, primaryButton, secondaryButton } from "@/components/admin/form-styles";
import type { ActionError } from "@/lib/actions/guard";
import type { ChecklistContent, SignOff } from "@/lib/schemas/checklist";

// The readiness checklist form. Percentages are typed as percent and stored as fractions.

const toPct = (x: number | null) => (x === null ? "" : String(Number((x * 100).toFixed(2))));
const fromPct = (s: string) => (s.trim() === "" ? null : Number(s) / 100);
const toNum = (s: string) => (s.trim() === "" ? null : Number(s));
const today = () => new Date().toISOString().slice(0, 10);

export function ChecklistForm({
  featureKey,
  initial,
  requiredRoles,
  started,
}: {
  featureKey: string;
  initial: ChecklistContent;
  requiredRoles: string[];
  started: boolean;
}) {
  const router = useRouter();
  const [threshold, setThreshold] = useState(toPct(initial.heldOut.accuracyThreshold));
  const [measured, setMeasured] = useState(toPct(initial.heldOut.measuredAccuracy));
  const [sampleSize, setSampleSize] = useState(initial.heldOut.sampleSize?.toString() ?? "");
  const [dataset, setDataset] = useState(initial.heldOut.dataset);
  const [patterns, setPatterns] = useState(initial.edgeCases.patterns.join("\n"));
  const [casesTested, setCasesTested] = useState(initial.edgeCases.casesTested?.toString() ?? "");
  const [scenario, setScenario] = useState(initial.worstCase.scenario);
  const [impact, setImpact] = useState(initial.worstCase.impact);
  const [cost, setCost] = useState(initial.worstCase.estimatedCost?.toString() ?? "");
  const [currency, setCurrency] = useState(initial.worstCase.currency);
  const [signOffs, setSignOffs] = useState<SignOff[]>(initial.signOffs);
  const [error, setError] = useState<ActionError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const missingRoles = requiredRoles.filter((r) => !signOffs.some((s) => s.role === r));

  const submit = () =>
    start(async () => {
      const content: ChecklistContent = {
        heldOut: { accuracyThreshold: fromPct(threshold), measuredAccuracy: fromPct(measured), sampleSize: toNum(sampleSize), dataset },
        edgeCases: {
          patterns: patterns
            .split("\n")
            .map((p) => p.trim())
            .filter(Boolean),
          casesTested: toNum(casesTested),
        },
        worstCase: { scenario, impact, estimatedCost: toNum(cost), currency },
        signOffs,
      };
      const r = await saveChecklistAction({ feature: featureKey, content });
      if (!r.ok) return setError(r.error);
      setError(null);
      setSaved(r.data.audited ? "Saved; the change is in the audit log (the rollout has started)." : "Saved.");
      router.refresh();
    });

  const updateSignOff = (i: number, patch: Partial<SignOff>) => setSignOffs(signOffs.map((s, j) => (j === i ? { ...s, ...patch } : s)));

  return (
    <form
      aria-label="Readiness checklist"
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      {started && (
        <p className="rounded border border-slate-300 bg-slate-50 px-3 py-2 text-sm text-slate-800">
          The rollout has started: every change to this checklist is recorded in the audit log with before and after.
        </p>
      )}
      <fieldset className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-4">
        <legend className="px-1 text-base font-semibold">Held-out accuracy</legend>
        <label className={labelClass}>
          Threshold (%)
          <input
            type="number"
            min={0}
            max={100}
            step="0.1"
            value={threshold}
            onChange={(e) => setThreshold(e.target.value)}
            className={inputClass}
          />
        </label>
        <label className={labelClass}>
          Measured (%)
          <input
            type="number"
            min={0}
            max={100}
            step="0.1"
            value={measured}
            onChange={(e) => setMeasured(e.target.value)}
            className={inputClass}
          />
        </label>
        <label className={labelClass}>
          Examples in the held-out set
          <input type="number" min={0} step={1} value={sampleSize} onChange={(e) => setSampleSize(e.target.value)} className={inputClass} />
        </label>
        <label className={labelClass}>
          Data set
          <input
            value={dataset}
            onChange={(e) => setDataset(e.target.value)}
            maxLength={200}
            placeholder="name or version"
            className={inputClass}
          />
        </label>
      </fieldset>
      <fieldset className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-3">
        <legend className="px-1 text-base font-semibold">Edge cases tested</legend>
        <label className={`${labelClass} md:col-span-2`}>
          Patterns (one per line)
          <textarea rows={4} value={patterns} onChange={(e) => setPatterns(e.target.value)} className={inputClass} />
          <span className="mt-1 block text-xs font-normal text-slate-600">
            {patterns.split("\n").filter((p) => p.trim()).length} patterns
          </span>
        </label>
        <label className={labelClass}>
          Cases tested
          <input
            type="number"
            min={0}
            step={1}
            value={casesTested}
            onChange={(e) => setCasesTested(e.target.value)}
            className={inputClass}
          />
        </label>
      </fieldset>
      <fieldset className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-3">
        <legend className="px-1 text-base font-semibold">Worst case</legend>
        <label className={`${labelClass} md:col-span-3`}>
          Scenario
          <textarea rows={2} value={scenario} onChange={(e) => setScenario(e.target.value)} maxLength={1000} className={inputClass} />
        </label>
        <label className={labelClass}>
          Business impact
          <textarea rows={2} value={impact} onChange={(e) => setImpact(e.target.value)} maxLength={1000} className={inputClass} />
        </label>
        <label className={labelClass}>
          Estimated cost per incident
          <input type="number" min={0} step="any" value={cost} onChange={(e) => setCost(e.target.value)} className={inputClass} />
        </label>
        <label className={labelClass}>
          Currency
          <input value={currency} onChange={(e) => setCurrency(e.target.value)} maxLength={10} className={inputClass} />
        </label>
      </fieldset>
      <fieldset className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <legend className="px-1 text-base font-semibold">Sign-offs</legend>
        <p className="text-sm text-slate-700">
          Required: {requiredRoles.join(", ")}.{missingRoles.length > 0 && <> Still missing: {missingRoles.join(", ")}.</>}
        </p>
        {signOffs.map((s, i) => (
          <div key={i} role="group" aria-label={`Sign-off ${i + 1}`} className="grid items-end gap-3 md:grid-cols-[1fr_2fr_1fr_auto]">
            <label className={labelClass}>
              Role
              <input
                value={s.role}
                onChange={(e) => updateSignOff(i, { role: e.target.value })}
                required
                list="sign-off-roles"
                className={inputClass}
              />
            </label>
            <label className={labelClass}>
              Signed off by
              <input
                value={s.name}
                onChange={(e) => updateSignOff(i, { name: e.target.value })}
                required
                maxLength={100}
                className={inputClass}
              />
            </label>
            <label className={labelClass}>
              On
              <input type="date" value={s.at} onChange={(e) => updateSignOff(i, { at: e.target.value })} required className={inputClass} />
            </label>
            <button
              type="button"
              className={secondaryButton}
              onClick={() => setSignOffs(signOffs.filter((_, j) => j !== i))}
              aria-label={`Remove sign-off ${i + 1}`}
            >
              Remove
            </button>
            {s.recordedBy && <p className="text-xs text-slate-600 md:col-span-4">recorded by {s.recordedBy}</p>}
          </div>
        ))}
        <datalist id="sign-off-roles">
          {requiredRoles.map((r) => (
            <option key={r} value={r} />
          ))}
        </datalist>
        <button
          type="button"
          className={secondaryButton}
          onClick={() => setSignOffs([...signOffs, { role: missingRoles[0] ?? "", name: "", at: today() }])}
        >
          Add sign-off
        </button>
      </fieldset>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={pending} className={primaryButton}>
          {pending ? "Saving…" : "Save checklist"}
        </button>
        {saved && (
          <p role="status" className="text-sm text-slate-700">
            ✓ {saved}
          </p>
        )}
        <ActionErrorMessage error={error} />
      </div>
      {error?.fields && (
        <ul className="text-xs text-orange-900">
          {Object.entries(error.fields).map(([k, m]) => (
            <li key={k}>
              {k.replace(/^content\./, "")}: {m}
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}
