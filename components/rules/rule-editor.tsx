"use client";

import { durationText } from "@/lib/format/duration";
import { useRouter } from "next/navigation";
import { useEffect, useId, useMemo, useRef, useState, useTransition } from "react";
import { createAlertRuleAction, saveAlertRuleAction } from "@/lib/actions/alert-rules";
import { ActionErrorMessage } from "@/components/admin/action-error";
import { inputClass, labelClass, primaryButton, secondaryButton } from "@/components/admin/form-styles";
import { BacktestChart } from "@/components/charts/backtest-chart";
import { ChartCard } from "@/components/ui/chart-card";
import { useViewerTimeZone } from "@/components/ui/use-time-zone";
import type { ActionError } from "@/lib/actions/guard";
import type { BacktestAlert, BacktestIncidentResult, BacktestPeriod, BacktestSeriesPoint, BacktestSummary } from "@/lib/domain/backtest";
import { backtestChartData } from "@/lib/domain/backtest-chart";
import { intervalForRange } from "@/lib/domain/buckets";
import { MIN_SAMPLE } from "@/lib/domain/chart-rows";
import type { LabelDelayReport } from "@/lib/domain/live-delay";
import type { RuleMetric, RuleParams } from "@/lib/domain/rules";
import type { RuleCost } from "@/lib/domain/sequential-cost";
import type { SequentialParams, SequentialSignal } from "@/lib/domain/sequential-rule";
import { count, millis, money, percent } from "@/lib/format/numbers";
import { formatInstant } from "@/lib/format/time";
import { BacktestSummaryList, type SummaryRun } from "./backtest-summary";
import { LabelDelayNote } from "./label-delay-note";
import { PARAM_FIELDS, ruleConditionText } from "./rule-fields";
import { RuleCostTable, SequentialFields, useSequentialDraft } from "./sequential-fields";

interface RuleViewCommon {
  id: string;
  name: string;
  windowMinutes: number;
  minSamples: number;
  phase: string | null;
  segment: string | null;
  action: "notify" | "pause";
  enabled: boolean;
}

export type RuleView =
  | (RuleViewCommon & { kind: "window"; metric: RuleMetric; params: RuleParams })
  | (RuleViewCommon & { kind: "sequential"; metric: SequentialSignal; params: SequentialParams });

interface BacktestResponse {
  from: number;
  to: number;
  rule: RuleView;
  alerts: BacktestAlert[];
  watch: BacktestPeriod[];
  summary: BacktestSummary;
  incident: BacktestIncidentResult | null;
  series: BacktestSeriesPoint[];
  /** cost rules: the price table's currency */
  currency?: string | null;
  timing: { queryMs: number; replayMs: number; buckets: number };
  cost?: RuleCost;
  labelDelay?: LabelDelayReport;
}

const DAY_MS = 86_400_000;

/**
 * The editor of one rule: change the settings, backtest them on the last 30 days, save (admins).
 * With `isNew` it edits a draft that the new-rule form chose (kind, metric, scope, name) and its
 * button creates the rule instead.
 */
export function RuleEditor({
  featureKey,
  rule,
  canSave,
  isNew = false,
}: {
  featureKey: string;
  rule: RuleView;
  canSave: boolean;
  isNew?: boolean;
}) {
  const id = useId();
  const router = useRouter();
  const timeZone = useViewerTimeZone();
  const field = PARAM_FIELDS[rule.kind === "window" ? rule.metric : "accuracy_floor"];
  const windowParams: RuleParams = rule.kind === "window" ? rule.params : {};
  const [param, setParam] = useState(String(field.show((windowParams[field.key] as number | undefined) ?? field.fallback)));
  const sequential = useSequentialDraft(rule.kind === "sequential" ? rule.params : null);
  const [windowMinutes, setWindowMinutes] = useState(String(rule.windowMinutes));
  const [minSamples, setMinSamples] = useState(String(rule.minSamples));
  const [action, setAction] = useState(rule.action);
  const [incidentFrom, setIncidentFrom] = useState("");
  const [incidentTo, setIncidentTo] = useState("");
  const [result, setResult] = useState<BacktestResponse | null>(null);
  const [previous, setPrevious] = useState<SummaryRun | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [saveError, setSaveError] = useState<ActionError | null>(null);
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const [saving, startSaving] = useTransition();

  const draft = () => ({
    params: rule.kind === "sequential" ? sequential.params(rule.metric) : { ...rule.params, [field.key]: field.store(Number(param)) },
    windowMinutes: Number(windowMinutes),
    minSamples: Number(minSamples),
    action,
  });
  // What the form says now: the text above it describes this, not the saved rule.
  const shown: RuleView =
    rule.kind === "sequential"
      ? { ...rule, params: sequential.params(rule.metric), windowMinutes: Number(windowMinutes) }
      : {
          ...rule,
          params: { ...rule.params, [field.key]: field.store(Number(param)) },
          windowMinutes: Number(windowMinutes),
          minSamples: Number(minSamples),
        };
  const draftKey = JSON.stringify({ ...draft(), incidentFrom, incidentTo });

  async function runBacktest() {
    setRunning(true);
    setError(null);
    const to = Date.now();
    const incident =
      incidentFrom && incidentTo ? { from: new Date(incidentFrom).getTime(), to: new Date(incidentTo).getTime() } : undefined;
    try {
      const res = await fetch(`/api/v1/features/${encodeURIComponent(featureKey)}/backtest`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          rule: { kind: rule.kind, name: rule.name, metric: rule.metric, phase: rule.phase, segment: rule.segment, ...draft() },
          from: to - 30 * DAY_MS,
          to,
          ...(incident ? { incident } : {}),
        }),
      });
      const body = await res.json();
      if (!res.ok) {
        const details = Array.isArray(body?.error?.details)
          ? body.error.details.map((d: { path: string; message: string }) => `${d.path}: ${d.message}`).join("; ")
          : "";
        setError(`${body?.error?.message ?? `The backtest failed (${res.status})`}${details ? ` — ${details}` : ""}`);
        return;
      }
      if (result) setPrevious({ summary: result.summary, incident: result.incident, labelDelay: result.labelDelay });
      setResult(body as BacktestResponse);
    } catch {
      setError("The backtest could not reach the server");
    } finally {
      setRunning(false);
    }
  }

  function save() {
    setSaveError(null);
    startSaving(async () => {
      if (isNew) {
        const r = await createAlertRuleAction({
          feature: featureKey,
          rule: { kind: rule.kind, name: rule.name, metric: rule.metric, phase: rule.phase, segment: rule.segment, ...draft() },
        });
        if (!r.ok) return setSaveError(r.error);
        router.push(`/features/${encodeURIComponent(featureKey)}/rules?rule=${encodeURIComponent(r.data.id)}&created=1`);
        router.refresh();
        return;
      }
      const r = await saveAlertRuleAction({ feature: featureKey, ruleId: rule.id, ...draft() });
      if (!r.ok) return setSaveError(r.error);
      setSavedAt(Date.now());
      router.refresh();
    });
  }

  // Once a backtest has run, it follows the form: every change re-runs it (debounced), so the chart
  // and summary never show settings other than those in the fields.
  const rerun = useRef(runBacktest);
  useEffect(() => {
    rerun.current = runBacktest;
  });
  const backtested = useRef<string | null>(null);
  useEffect(() => {
    if (backtested.current === null || backtested.current === draftKey) return;
    const t = setTimeout(() => {
      backtested.current = draftKey;
      void rerun.current();
    }, 600);
    return () => clearTimeout(t);
  }, [draftKey]);

  const chart = useMemo(() => (result ? backtestChartData(result) : null), [result]);
  const tickInterval = result ? intervalForRange(result.from, result.to) : "day";

  return (
    <section aria-labelledby={`${id}-title`} className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id={`${id}-title`} className="text-lg font-semibold text-slate-900">
        {isNew ? `Draft: ${rule.name}` : rule.name}
      </h2>
      {!isNew && !rule.enabled && (
        <p className="mt-0.5 text-sm font-medium text-slate-700">Disabled: the live evaluator skips it until an admin enables it again.</p>
      )}
      {rule.kind === "sequential" ? (
        <p className="mt-0.5 text-sm text-slate-600">
          Sequential: fires when {ruleConditionText(shown)}. A CUSUM per slice — each phase with traffic, and each segment of a phase that
          has more than one
          {rule.phase || rule.segment
            ? ` (limited to ${[rule.phase && `phase ${rule.phase}`, rule.segment && `segment ${rule.segment}`].filter(Boolean).join(", ")})`
            : ""}{" "}
          — accumulates the evidence minute by minute; its threshold comes from the budget, split over the slices. An alert names its slice
          and resolves after {shown.windowMinutes} min clear.
        </p>
      ) : (
        <p className="mt-0.5 text-sm text-slate-600">
          Fires when {ruleConditionText(shown)} over {shown.windowMinutes} min with at least {shown.minSamples} in the sample
          {rule.phase || rule.segment
            ? ` (scope: ${[rule.phase && `phase ${rule.phase}`, rule.segment && `segment ${rule.segment}`].filter(Boolean).join(", ")})`
            : " (all phases and segments)"}
          .{" "}
          {rule.metric === "cost_ceiling"
            ? "The cost is read from the hourly model rollup, so the window counts the whole hours it touches; tokens are priced with today's ROLLGUARD_MODEL_PRICES and outputs of models without a price are left out. Above the limit with fewer priced outputs than the minimum is only “watch”."
            : "Evidence first: an estimate past the line without enough certainty is only “watch”."}
        </p>
      )}

      <form
        aria-label={`Settings of ${rule.name}`}
        className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-5"
        onSubmit={(e) => {
          e.preventDefault();
          backtested.current = draftKey;
          void runBacktest();
        }}
      >
        {rule.kind === "sequential" ? (
          <>
            <SequentialFields signal={rule.metric} draft={sequential} />
            <label className={labelClass}>
              Resolve after clear for (minutes)
              <input
                type="number"
                required
                min={1}
                max={1440}
                step={1}
                value={windowMinutes}
                onChange={(e) => setWindowMinutes(e.target.value)}
                className={inputClass}
              />
            </label>
          </>
        ) : (
          <>
            <label className={labelClass}>
              {field.label} ({field.unit})
              <input
                type="number"
                required
                min={field.min}
                max={field.max}
                step={field.step}
                value={param}
                onChange={(e) => setParam(e.target.value)}
                className={inputClass}
              />
            </label>
            <label className={labelClass}>
              Window (minutes)
              <input
                type="number"
                required
                min={1}
                max={1440}
                step={1}
                value={windowMinutes}
                onChange={(e) => setWindowMinutes(e.target.value)}
                className={inputClass}
              />
            </label>
            <label className={labelClass}>
              Minimum sample
              <input
                type="number"
                required
                min={0}
                max={1_000_000}
                step={1}
                value={minSamples}
                onChange={(e) => setMinSamples(e.target.value)}
                className={inputClass}
              />
            </label>
          </>
        )}
        <div>
          <label htmlFor={`${id}-action`} className={labelClass}>
            Action
          </label>
          <select
            id={`${id}-action`}
            value={action}
            onChange={(e) => setAction(e.target.value === "pause" ? "pause" : "notify")}
            className={inputClass}
          >
            <option value="notify">notify</option>
            <option value="pause">pause the feature</option>
          </select>
        </div>
        <fieldset className="sm:col-span-2 lg:col-span-5">
          <legend className="text-sm font-medium text-slate-700">Incident to measure detection against (optional)</legend>
          <div className="mt-1 grid gap-3 sm:grid-cols-2">
            <label className="text-xs text-slate-600">
              Started
              <input type="datetime-local" value={incidentFrom} onChange={(e) => setIncidentFrom(e.target.value)} className={inputClass} />
            </label>
            <label className="text-xs text-slate-600">
              Ended
              <input type="datetime-local" value={incidentTo} onChange={(e) => setIncidentTo(e.target.value)} className={inputClass} />
            </label>
          </div>
        </fieldset>
        <div className="flex flex-wrap items-center gap-3 sm:col-span-2 lg:col-span-5">
          <button type="submit" disabled={running} className={primaryButton}>
            {running ? "Backtesting…" : "Backtest on the last 30 days"}
          </button>
          {canSave ? (
            <button type="button" onClick={save} disabled={saving} className={secondaryButton}>
              {isNew ? (saving ? "Creating…" : "Create rule") : saving ? "Saving…" : "Save rule"}
            </button>
          ) : (
            <p className="text-sm text-slate-600">Only admins can save changes; you can try settings and backtest them.</p>
          )}
          {savedAt && !saving && (
            <p role="status" className="text-sm text-slate-800">
              Saved. The live evaluator uses the new settings from its next run.
            </p>
          )}
          <ActionErrorMessage error={saveError} />
        </div>
      </form>

      {error && (
        <p role="alert" className="mt-4 rounded border border-orange-300 bg-orange-50 px-3 py-2 text-sm text-orange-900">
          <strong>Backtest failed:</strong> {error}
        </p>
      )}

      {result && chart && (
        <div className="mt-6 grid gap-4 lg:grid-cols-3" aria-live="polite">
          <ChartCard
            className="lg:col-span-2"
            title="Would have fired — last 30 days"
            finding={`${result.summary.alerts} alert${result.summary.alerts === 1 ? "" : "s"} and ${durationText(result.summary.minutesInWatch)} of watch in ${formatInstant(result.from, timeZone)} – ${formatInstant(result.to, timeZone)}, evaluated once a minute like the live evaluator (${count(result.timing.buckets)} minutes of data, ${Math.round(result.timing.queryMs + result.timing.replayMs)} ms).`}
          >
            <BacktestChart {...chart} interval="hour" tickInterval={tickInterval} minSample={MIN_SAMPLE} timeZone={timeZone} />
          </ChartCard>
          {result.cost && <RuleCostTable cost={result.cost} signal={rule.metric as SequentialSignal} />}
          <section aria-labelledby={`${id}-summary`} className="rounded-lg border border-slate-200 bg-white p-4">
            <h3 id={`${id}-summary`} className="text-base font-semibold text-slate-900">
              Summary
            </h3>
            <BacktestSummaryList run={result} previous={previous} action={result.rule.action} timeZone={timeZone} />
          </section>
          {/* a latency or cost rule reads what each output carries when it is sent: nothing of it comes late */}
          {result.labelDelay && rule.metric !== "latency_ceiling" && rule.metric !== "cost_ceiling" && (
            <LabelDelayNote report={result.labelDelay} cost={result.cost} headingId={`${id}-label-delay`} />
          )}
          <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white lg:col-span-3">
            <table className="cards w-full text-sm">
              <caption className="px-3 py-2 text-left font-semibold text-slate-900">Alerts it would have opened</caption>
              <thead className="bg-slate-100 text-slate-700">
                <tr>
                  {[
                    ...(rule.kind === "sequential" ? ["Slice"] : []),
                    "Opened",
                    "Resolved",
                    "Open for",
                    "At opening",
                    "95 % interval",
                    "Sample",
                    "Incident",
                  ].map((h) => (
                    <th key={h} scope="col" className="px-3 py-2 text-left font-medium">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {result.alerts.length === 0 && (
                  <tr>
                    <td colSpan={rule.kind === "sequential" ? 8 : 7} className="px-3 py-2 text-slate-600">
                      None in this range.
                    </td>
                  </tr>
                )}
                {result.alerts.map((a) => (
                  <tr key={`${a.slice ?? ""}@${a.openedAt}`} className="border-t border-slate-100">
                    {rule.kind === "sequential" && <td className="px-3 py-2">{a.slice ?? "—"}</td>}
                    <td className="px-3 py-2 tabular-nums">{formatInstant(a.openedAt, timeZone)}</td>
                    <td className="px-3 py-2 tabular-nums">{a.resolvedAt ? formatInstant(a.resolvedAt, timeZone) : "still open"}</td>
                    <td className="px-3 py-2 tabular-nums">{durationText(a.minutes)}</td>
                    <td className="px-3 py-2 tabular-nums">{valueText(rule.metric, a.opened.value, result.currency)}</td>
                    <td className="px-3 py-2 tabular-nums">{intervalText(rule.metric, a.opened.lower, a.opened.upper)}</td>
                    <td className="px-3 py-2 tabular-nums">n={count(a.opened.sampleSize)}</td>
                    <td className="px-3 py-2">{result.incident ? (a.duringIncident ? "during" : "outside (false alarm)") : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}

function valueText(metric: RuleMetric | SequentialSignal, v: number | null, currency?: string | null): string {
  if (v === null) return "—";
  if (metric === "critical_tickets") return Number.isInteger(v) ? count(v) : percent(v);
  if (metric === "overconfidence") return `${(v * 100).toFixed(1)} points`;
  if (metric === "latency_ceiling") return millis(v);
  if (metric === "cost_ceiling") return money(v, currency);
  return percent(v);
}

/** The interval at an alert's opening; a latency rule's is of the share of outputs surely slower than its ceiling. */
function intervalText(metric: RuleMetric | SequentialSignal, lower: number | null, upper: number | null): string {
  if (lower === null || upper === null) return "—";
  if (metric === "latency_ceiling") return `${percent(lower)} – ${percent(upper)} slower than the ceiling`;
  return `${valueText(metric, lower)} – ${valueText(metric, upper)}`;
}
