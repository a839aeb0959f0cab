import { approxDurationText, durationText } from "@/lib/format/duration";
import type { BacktestIncidentResult, BacktestSummary } from "@/lib/domain/backtest";
import type { LabelDelayReport } from "@/lib/domain/live-delay";
import { percent } from "@/lib/format/numbers";
import { formatInstant } from "@/lib/format/time";

// The backtest's figures in words, each beside the previous run's so a changed threshold shows
// what it does to false alarms before anything is saved.

function Figure({ label, value, before }: { label: string; value: string; before?: string | null }) {
  return (
    <div className="border-t border-slate-100 py-2 first:border-t-0">
      <dt className="text-xs text-slate-600">{label}</dt>
      <dd className="font-semibold tabular-nums text-slate-900">
        {value}
        {before !== undefined && before !== null && before !== value && (
          <span className="ml-2 text-xs font-normal text-slate-600">(before: {before})</span>
        )}
      </dd>
    </div>
  );
}

export interface SummaryRun {
  summary: BacktestSummary;
  incident: BacktestIncidentResult | null;
  /** the delays a team will see live (label delay included); absent from older responses */
  labelDelay?: LabelDelayReport;
}

export function BacktestSummaryList({
  run,
  previous,
  action,
  timeZone,
}: {
  run: SummaryRun;
  previous: SummaryRun | null;
  action: "notify" | "pause";
  timeZone?: string;
}) {
  const s = run.summary;
  const p = previous?.summary;
  const alerts = (x: BacktestSummary) => `${x.alerts} (${x.alertsPerWeek.toFixed(1)} a week)`;
  const inAlert = (x: BacktestSummary) => `${percent(x.shareInAlert)} (${durationText(x.minutesInAlert)})`;
  const inWatch = (x: BacktestSummary) => `${percent(x.shareInWatch)} (${durationText(x.minutesInWatch)})`;
  const pause = (x: BacktestSummary) =>
    x.wouldPause ? `yes, first ${formatInstant(x.firstPauseAt!, timeZone)}` : action === "pause" ? "no" : "no (notify only)";
  const detection = (i: BacktestIncidentResult | null) =>
    i ? (i.detected ? `${i.detectionDelayMinutes} min after its start` : "missed") : null;
  const outside = (i: BacktestIncidentResult | null) => (i ? String(i.alertsOutside) : null);
  // the replay counts labels at their output's minute; live they come when people (or the judge) give them
  const live = (r: SummaryRun | null) => {
    const d = r?.labelDelay?.incident;
    if (!d) return null;
    return d.liveMinutes === null ? "not within a week" : `${approxDurationText(d.liveMinutes)} after its start`;
  };
  return (
    <dl aria-label="Backtest summary" className="text-sm">
      <Figure label="Alerts it would have opened" value={alerts(s)} before={p && alerts(p)} />
      <Figure label="Time in alert" value={inAlert(s)} before={p && inAlert(p)} />
      <Figure label="Time in watch (past the line, too little evidence yet)" value={inWatch(s)} before={p && inWatch(p)} />
      <Figure label="Would have paused the feature" value={pause(s)} before={p && pause(p)} />
      {run.incident && (
        <>
          <Figure label="Incident detected" value={detection(run.incident)!} before={previous && detection(previous.incident)} />
          {live(run) && <Figure label="Live, with this feature's label delay" value={live(run)!} before={previous && live(previous)} />}
          <Figure
            label="Alerts outside the incident (false alarms)"
            value={outside(run.incident)!}
            before={previous && outside(previous.incident)}
          />
        </>
      )}
    </dl>
  );
}
