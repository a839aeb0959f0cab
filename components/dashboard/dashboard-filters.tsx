"use client";

import { usePathname } from "next/navigation";
import { useOptimistic, useState } from "react";
import { dashboardSearch, PRESET_RANGES, RANGE_LABELS, type DashboardQuery, type RangeKey } from "@/lib/domain/dashboard-query";
import { toLocalInput } from "@/lib/format/time";
import { useHydrated } from "../ui/use-hydrated";

interface Option {
  key: string;
  name: string;
}

const field =
  "rounded border border-slate-400 bg-white px-2 py-1.5 text-sm text-slate-900 focus-visible:outline-2 focus-visible:outline-sky-700";

/** Phase, segment, model, range and comparison, kept in the URL (shareable; back and forward work). */
export function DashboardFilters({
  query: current,
  phases,
  segments,
  models = [],
  onNavigate,
}: {
  query: DashboardQuery;
  phases: Option[];
  segments: Option[];
  /** the feature's model versions, newest first (name: what the option reads) */
  models?: Option[];
  onNavigate: (href: string, optimistic: () => void) => void;
}) {
  const pathname = usePathname();
  // until hydration a control would change without navigating: keep them disabled until then
  const hydrated = useHydrated();
  // controls show the choice at once; the page follows when the server has rendered it
  const [query, setShown] = useOptimistic(current, (_q, next: DashboardQuery) => next);
  const [custom, setCustom] = useState(query.range === "custom");
  const [from, setFrom] = useState(() => toLocalInput(query.from));
  const [to, setTo] = useState(() => toLocalInput(query.to));
  const go = (patch: Partial<DashboardQuery>) => {
    const next = { ...query, ...patch };
    onNavigate(pathname + dashboardSearch(next), () => setShown(next));
  };
  const chooseRange = (range: RangeKey) => {
    setCustom(range === "custom");
    if (range !== "custom") go({ range });
  };
  const applyCustom = (e: React.FormEvent) => {
    e.preventDefault();
    const f = new Date(from).getTime();
    const t = new Date(to).getTime();
    if (Number.isFinite(f) && Number.isFinite(t) && f < t) go({ range: "custom", from: f, to: t });
  };
  const invalidCustom = !(new Date(from).getTime() < new Date(to).getTime());

  return (
    <fieldset disabled={!hydrated} className="flex min-w-0 flex-col gap-3 rounded-lg border border-slate-200 bg-white p-3">
      <legend className="sr-only">Filters</legend>
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-700">
          Phase
          <select className={field} value={query.phase ?? ""} onChange={(e) => go({ phase: e.target.value || null })}>
            <option value="">All phases</option>
            {phases.map((p) => (
              <option key={p.key} value={p.key}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-700">
          Segment
          <select className={field} value={query.segment ?? ""} onChange={(e) => go({ segment: e.target.value || null })}>
            <option value="">All segments</option>
            {segments.map((s) => (
              <option key={s.key} value={s.key}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        {models.length > 0 && (
          <label className="flex min-w-0 flex-col gap-1 text-xs font-medium text-slate-700">
            Model version
            <select className={`${field} max-w-full`} value={query.model ?? ""} onChange={(e) => go({ model: e.target.value || null })}>
              <option value="">All models</option>
              {models.map((m) => (
                <option key={m.key} value={m.key}>
                  {m.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <fieldset className="flex flex-col gap-1">
          <legend className="mb-1 text-xs font-medium text-slate-700">Time range</legend>
          <div className="flex flex-wrap overflow-hidden rounded border border-slate-400">
            {[...PRESET_RANGES, "custom" as const].map((r) => {
              const active = r === "custom" ? custom : !custom && query.range === r;
              return (
                <button
                  key={r}
                  type="button"
                  aria-pressed={active}
                  title={RANGE_LABELS[r]}
                  onClick={() => chooseRange(r)}
                  className={`border-r border-slate-300 px-3 py-1.5 text-sm last:border-r-0 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-sky-700 ${active ? "bg-slate-800 font-semibold text-white" : "bg-white text-slate-800 hover:bg-slate-100"}`}
                >
                  {r === "custom" ? "Custom" : r}
                </button>
              );
            })}
          </div>
        </fieldset>
        <label className="flex items-center gap-2 pb-1.5 text-sm text-slate-800">
          <input
            type="checkbox"
            className="h-4 w-4 accent-slate-800"
            checked={query.compare}
            disabled={!!query.phase}
            onChange={(e) => go({ compare: e.target.checked })}
          />
          Compare phases
          {query.phase && <span className="text-xs text-slate-500">(choose all phases first)</span>}
        </label>
      </div>
      {custom && (
        <form onSubmit={applyCustom} className="flex flex-wrap items-end gap-3" aria-label="Custom range">
          <label className="flex flex-col gap-1 text-xs font-medium text-slate-700">
            From
            <input
              type="datetime-local"
              className={field}
              value={from}
              suppressHydrationWarning
              onChange={(e) => setFrom(e.target.value)}
              required
            />
          </label>
          <label className="flex flex-col gap-1 text-xs font-medium text-slate-700">
            To
            <input
              type="datetime-local"
              className={field}
              value={to}
              suppressHydrationWarning
              onChange={(e) => setTo(e.target.value)}
              required
            />
          </label>
          <button
            type="submit"
            disabled={invalidCustom}
            className="rounded bg-slate-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700 disabled:opacity-50"
          >
            Apply range
          </button>
          {invalidCustom && <span className="pb-1.5 text-xs text-slate-600">“From” must be before “To”.</span>}
        </form>
      )}
    </fieldset>
  );
}
