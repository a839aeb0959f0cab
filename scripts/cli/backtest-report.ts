import type { BacktestResult } from "../../lib/domain/backtest";
import type { LabelDelayReport } from "../../lib/domain/live-delay";

// The CLI's readable summary of a backtest: figures first, then each would-be alert (UTC).

const utc = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ");
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const duration = (minutes: number) => (minutes < 120 ? `${minutes} min` : `${(minutes / 60).toFixed(1)} h`);

export function formatBacktest(
  featureKey: string,
  r: BacktestResult & { rule: { name?: string; id?: string | null }; labelDelay?: LabelDelayReport },
): string {
  const s = r.summary;
  const lines = [
    `backtest of "${r.rule.name ?? r.rule.metric}"${r.rule.id ? ` [${r.rule.id}]` : " (draft)"} on ${featureKey}`,
    `  ${r.rule.metric}, window ${r.rule.windowMinutes} min, minimum sample ${r.rule.minSamples}, action ${r.rule.action}, params ${JSON.stringify(r.rule.params)}`,
    `  range ${utc(r.from)} → ${utc(r.to)} UTC (${s.minutes} evaluations, one a minute)`,
    "",
    `  alerts           ${s.alerts} (${s.alertsPerWeek.toFixed(2)} a week)`,
    `  time in alert    ${pct(s.shareInAlert)} (${duration(s.minutesInAlert)})`,
    `  time in watch    ${pct(s.shareInWatch)} (${duration(s.minutesInWatch)}, ${r.watch.length} period${r.watch.length === 1 ? "" : "s"})`,
    `  would pause      ${s.wouldPause ? `yes, first at ${utc(s.firstPauseAt!)} UTC` : "no"}`,
  ];
  if (r.incident) {
    const i = r.incident;
    lines.push(
      `  incident         ${utc(i.from)} → ${utc(i.to)} UTC: ${i.detected ? `detected after ${i.detectionDelayMinutes} min` : "NOT detected"}` +
        `${i.wouldPause ? ", the feature would have been paused" : ""}; ${i.alertsOutside} alert${i.alertsOutside === 1 ? "" : "s"} outside it`,
    );
    const live = r.labelDelay?.incident;
    // the replay counts labels at their output's minute; live they come later
    if (live)
      lines.push(
        `  live             ${live.liveMinutes === null ? "not within a week" : `after ~${duration(live.liveMinutes)}`} with the feature's label delay (last ${r.labelDelay!.windowDays} days)`,
      );
  }
  for (const d of r.labelDelay?.sources ?? [])
    lines.push(
      `  label delay      ${d.source}: half within ${d.medianMinutes === null ? "a week+" : duration(d.medianMinutes)}, 90 % within ${d.p90Minutes === null ? "a week+" : duration(d.p90Minutes)} (${d.labels} labels)`,
    );
  if (r.alerts.length > 0) lines.push("", "  opened (UTC)      resolved (UTC)    open for  at opening");
  for (const a of r.alerts) {
    const mark = r.incident ? (a.duringIncident ? "  [incident]" : "  [outside incident]") : "";
    lines.push(
      `  ${utc(a.openedAt)}  ${a.resolvedAt ? utc(a.resolvedAt) : "still open      "}  ${duration(a.minutes).padEnd(8)}  ${a.opened.message}${mark}`,
    );
  }
  return lines.join("\n");
}
