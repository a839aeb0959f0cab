"use client";

import Link from "next/link";
import { useId, useState } from "react";
import { inputClass, labelClass } from "@/components/admin/form-styles";
import { RULE_METRICS, type RuleMetric } from "@/lib/domain/rules";
import { SEQUENTIAL_SIGNALS, type SequentialSignal } from "@/lib/domain/sequential-rule";
import { RuleEditor, type RuleView } from "./rule-editor";
import { METRIC_LABELS, SIGNAL_LABELS } from "./rule-fields";
import type { FeatureSegment } from "@/lib/domain/feature-segments";

// "New rule" (admins): choose what the rule watches and where, then set its parameters, backtest
// the draft on the last 30 days with the same editor as a saved rule, and create it.

const OTHER = "__another_segment__";

type Choice = `sequential:${SequentialSignal}` | `window:${RuleMetric}`;

// The built-in rule (answers shown while paused) exists once per feature: not offered here.
const WINDOW_METRICS = RULE_METRICS.filter((m) => m !== "product_disobeyed");

function draftRule(choice: Choice, name: string, phase: string | null, segment: string | null): RuleView {
  const [kind, metric] = choice.split(":") as ["window" | "sequential", string];
  const common = { id: "new", name, phase, segment, action: "notify" as const, enabled: true };
  if (kind === "sequential")
    return {
      ...common,
      kind,
      metric: metric as SequentialSignal,
      params: { baseline: "history", falseAlarmsPer30d: 0.5 },
      windowMinutes: 30,
      minSamples: 0,
    };
  return {
    ...common,
    kind,
    metric: metric as RuleMetric,
    params: {},
    windowMinutes: 60,
    minSamples: metric === "critical_tickets" ? 0 : 50,
  };
}

const choiceLabel = (c: Choice) => {
  const [kind, metric] = c.split(":");
  return kind === "sequential" ? SIGNAL_LABELS[metric as SequentialSignal] : METRIC_LABELS[metric as RuleMetric];
};

export function NewRule({
  featureKey,
  phases,
  segments,
}: {
  featureKey: string;
  phases: { key: string; name: string }[];
  /** the feature's known segments (lib/domain/feature-segments.ts) */
  segments: FeatureSegment[];
}) {
  const id = useId();
  const [choice, setChoice] = useState<Choice>("sequential:accuracy");
  const [phase, setPhase] = useState("");
  const [segment, setSegment] = useState("");
  // a segment outside the feature's known ones only on purpose: "Another segment…" opens a text field
  const [otherSegment, setOtherSegment] = useState(false);
  const known = segments.find((s) => s.key === segment.trim());
  const [name, setName] = useState("");
  const scope = [phase && phases.find((p) => p.key === phase)?.name, segment.trim()].filter(Boolean).join(", ");
  const suggested = `${choiceLabel(choice).replace(" (sequential)", "")}${scope ? ` — ${scope}` : ""}`;
  const rule = draftRule(choice, name.trim() || suggested, phase || null, segment.trim() || null);

  return (
    <section aria-labelledby={`${id}-title`} className="flex flex-col gap-4 rounded-lg border-2 border-sky-200 bg-sky-50/40 p-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={`${id}-title`} className="text-lg font-semibold text-slate-900">
          New rule
        </h2>
        <Link href={`/features/${featureKey}/rules`} className="text-sm text-sky-800 underline underline-offset-2">
          Cancel
        </Link>
      </div>
      <form
        aria-label="What the new rule watches"
        className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4"
        onSubmit={(e) => e.preventDefault()}
      >
        <label className={labelClass}>
          Watches
          <select value={choice} onChange={(e) => setChoice(e.target.value as Choice)} className={inputClass}>
            <optgroup label="Sequential (against a normal, with a false-alarm budget)">
              {SEQUENTIAL_SIGNALS.map((s) => (
                <option key={s} value={`sequential:${s}`}>
                  {SIGNAL_LABELS[s]}
                </option>
              ))}
            </optgroup>
            <optgroup label="Windowed (a fixed-level test of the last minutes)">
              {WINDOW_METRICS.map((m) => (
                <option key={m} value={`window:${m}`}>
                  {METRIC_LABELS[m]}
                </option>
              ))}
            </optgroup>
          </select>
        </label>
        <label className={labelClass}>
          Phase
          <select value={phase} onChange={(e) => setPhase(e.target.value)} className={inputClass}>
            <option value="">All phases</option>
            {phases.map((p) => (
              <option key={p.key} value={p.key}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <div>
          <label htmlFor={`${id}-segment`} className={labelClass}>
            Segment
          </label>
          <select
            id={`${id}-segment`}
            value={otherSegment ? OTHER : segment}
            onChange={(e) => {
              const other = e.target.value === OTHER;
              setOtherSegment(other);
              setSegment(other ? "" : e.target.value);
            }}
            className={inputClass}
          >
            <option value="">All segments</option>
            {segments.map((s) => (
              <option key={s.key} value={s.key}>
                {s.name === s.key ? s.key : `${s.name} (${s.key})`}
                {s.hasData ? "" : " — no data yet"}
              </option>
            ))}
            <option value={OTHER}>Another segment…</option>
          </select>
          {otherSegment && (
            <label className="mt-2 block text-xs text-slate-700">
              New segment key
              <input value={segment} onChange={(e) => setSegment(e.target.value)} maxLength={100} required className={inputClass} />
            </label>
          )}
          {segment.trim() && (!known || !known.hasData) && (
            <p role="note" className="mt-1 rounded border border-amber-300 bg-amber-50 px-2 py-1 text-xs text-amber-950">
              No output of this feature came from “{segment.trim()}” in the last 30 days: the rule cannot fire until it has data
              {known ? " (the plan rolls out to it, traffic has not arrived yet)" : " — check the spelling against the segments above"}.
            </p>
          )}
        </div>
        <label className={labelClass}>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder={suggested} maxLength={200} className={inputClass} />
        </label>
        <p className="text-sm text-slate-600 sm:col-span-2 lg:col-span-4">
          {choice.startsWith("sequential")
            ? "A sequential rule watches every phase and segment slice with traffic inside its scope; its false alarms add to the feature's budget."
            : "A windowed rule tests its scope as one slice. Leave phase and segment empty to watch the whole feature."}{" "}
          Set the parameters and the action below, backtest the draft, then create it.
        </p>
      </form>
      <RuleEditor key={choice} featureKey={featureKey} rule={rule} canSave isNew />
    </section>
  );
}
