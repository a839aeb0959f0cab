import type { LabelDelayReport, LiveDelay, SourceDelay } from "@/lib/domain/live-delay";
import type { RuleCost } from "@/lib/domain/sequential-cost";
import { approxDurationText, durationText } from "@/lib/format/duration";
import { count } from "@/lib/format/numbers";

// The delay a team will see live, in words beside the backtest (issue 23, part 5): the replay
// counts every label at its output's minute, as if it came at once; people label hours later.

const SOURCE_NAMES: Record<SourceDelay["source"], string> = {
  human: "People's labels",
  ground_truth: "Ground truth",
  heuristic: "The judge's labels",
};

const within = (m: number | null) => (m === null ? "more than a week" : m <= 1 ? "a minute" : approxDurationText(m).replace(/^~/, ""));

/** "~3 h (~170 min more than the replay's 12 min)"; `source`: whose statistical delay it is */
export function liveText(d: LiveDelay, source: string): string {
  if (d.liveMinutes === null) return "not within a week: most labels take longer";
  if (d.extraMinutes! < 1) return `${approxDurationText(d.liveMinutes)}, as in ${source}`;
  return `${approxDurationText(d.liveMinutes)} (${approxDurationText(d.extraMinutes!)} more than ${source}'s ${durationText(d.statisticalMinutes)})`;
}

export function LabelDelayNote({ report, cost, headingId }: { report: LabelDelayReport; cost?: RuleCost; headingId: string }) {
  const labels = new Map(cost?.slices.map((s) => [s.slice, s.label]));
  const slices = report.slices.filter((s) => s.delay10 !== null).slice(0, 4);
  return (
    <section aria-labelledby={headingId} className="rounded-lg border border-slate-200 bg-white p-4 text-sm lg:col-span-3">
      <h3 id={headingId} className="text-base font-semibold text-slate-900">
        Live, labels come late
      </h3>
      <p className="mt-1 text-slate-700">
        The backtest counts every label at its output&apos;s minute, as if it came at once: its delays are the statistics&apos; alone.
        {report.readsLabels
          ? " Live, this rule sees a drop only as its labels arrive."
          : " This rule reads thumbs or tickets, not labels: no label delay to add."}
      </p>
      {report.sources.length === 0 ? (
        <p className="mt-2 text-slate-700">
          No labels in the last {report.windowDays} days: the delay a team will see live cannot be told yet.
        </p>
      ) : (
        <ul className="mt-2 list-disc space-y-1 pl-5 text-slate-800" aria-label="Label delay by source">
          {report.sources.map((s) => (
            <li key={s.source}>
              {SOURCE_NAMES[s.source]}: half arrive within {within(s.medianMinutes)} of the output, 90 % within {within(s.p90Minutes)} (
              {count(s.labels)} labels, last {report.windowDays} days).
            </li>
          ))}
        </ul>
      )}
      {report.incident && (
        <p className="mt-2 text-slate-800">
          <strong>The marked incident, live:</strong> found after {liveText(report.incident, "the replay")}.
        </p>
      )}
      {slices.length > 0 && (
        <ul className="mt-2 space-y-1 text-slate-800" aria-label="Time to notice a 10-point drop, live">
          {slices.map((s) => (
            <li key={s.slice}>
              A 10-point drop in {labels.get(s.slice) ?? s.slice}, live: {liveText(s.delay10!, "the cost table")}.
            </li>
          ))}
        </ul>
      )}
      {report.readsLabels && report.sources.length > 0 && (
        <p className="mt-2 text-xs text-slate-600">
          The live delay is worked out from the whole distribution of these delays, not just their median and p90, mixing every source the
          rule reads by its share of labels: a judge grading every output at once keeps it short even when people take hours.
        </p>
      )}
    </section>
  );
}
