import { LocalTime } from "@/components/ui/local-time";
import Link from "next/link";
import { METRIC_LABELS, SIGNAL_LABELS } from "@/components/rules/rule-fields";
import type { AlertView } from "@/lib/read/alert-list";
import type { RuleMetric } from "@/lib/domain/rules";
import { parseSliceId } from "@/lib/domain/sequential-replay";
import { sliceLabel, type SequentialSignal } from "@/lib/domain/sequential-rule";
import { actorName, alertValueText, scopeText } from "@/lib/format/kill-switch";
import { AcknowledgeButton } from "./acknowledge-button";
import { AlertStatusBadge } from "./alert-status-badge";

// Alerts as a table: the rule and its scope, the value with its interval and sample, the
// timeline, what the rule did, and — for operators — Acknowledge on open alerts.

const th = "px-3 py-2 text-left font-medium";
const td = "px-3 py-2 align-top";

const ACTION_TAKEN: Record<AlertView["actionTaken"], string> = {
  paused: "Paused the feature automatically",
  already_paused: "Pause rule — the feature was already paused",
  notified: "Alert only",
};

/** Exactly who was told: each channel and how its delivery went, or that nobody was. */
function toldText(a: AlertView): string {
  if (a.notified.length === 0) return "No notification channel: nobody was told";
  return (
    "Told " +
    a.notified
      .map((n) => `${n.channel} (${n.status === "delivered" ? "delivered" : n.status === "failed" ? "delivery failed" : "sending"})`)
      .join(", ")
  );
}

export function AlertTable({
  alerts,
  caption,
  showFeature,
  canAcknowledge,
  showIncident = true,
}: {
  alerts: AlertView[];
  caption: string;
  showFeature: boolean;
  canAcknowledge: boolean;
  showIncident?: boolean;
}) {
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="cards w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-100 text-slate-700">
          <tr>
            {showFeature && (
              <th scope="col" className={th}>
                Feature
              </th>
            )}
            <th scope="col" className={th}>
              Alert
            </th>
            <th scope="col" className={th}>
              Value
            </th>
            <th scope="col" className={th}>
              Status
            </th>
            <th scope="col" className={th}>
              Timeline
            </th>
            <th scope="col" className={th}>
              Action taken
            </th>
            {canAcknowledge && (
              <th scope="col" className={th}>
                <span className="sr-only">Acknowledge</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {alerts.map((a) => (
            <tr key={a.id} className="border-t border-slate-200" aria-label={`${a.rule.name} on ${a.feature.name}`}>
              {showFeature && (
                <td className={td} data-label="Feature">
                  <Link href={`/features/${a.feature.key}`} className="font-medium text-sky-800 underline-offset-2 hover:underline">
                    {a.feature.name}
                  </Link>
                </td>
              )}
              <td className={td}>
                <div className="font-medium text-slate-900">{a.rule.name}</div>
                <div className="text-xs text-slate-600">
                  {a.rule.kind === "sequential"
                    ? `${SIGNAL_LABELS[a.rule.metric as SequentialSignal] ?? a.rule.metric} · ${a.slicesText ?? (a.slice ? sliceLabel(parseSliceId(a.slice)) : scopeText(a.rule.phase, a.rule.segment))}`
                    : `${METRIC_LABELS[a.rule.metric as RuleMetric] ?? a.rule.metric} · ${scopeText(a.rule.phase, a.rule.segment)} · ${a.rule.windowMinutes} min window`}
                </div>
              </td>
              <td className={`${td} max-w-xs`} data-label="Value">
                <div className="font-medium tabular-nums text-slate-900">
                  {alertValueText({ metric: a.rule.metric, kind: a.rule.kind, ...a })}
                </div>
                <div className="text-xs text-slate-600">{a.message}</div>
              </td>
              <td className={td} data-label="Status">
                <AlertStatusBadge status={a.status} />
              </td>
              <td className={`${td} whitespace-nowrap text-xs text-slate-700`} data-label="Timeline">
                <div>
                  Opened <LocalTime at={a.openedAt} />
                </div>
                {a.acknowledgedAt && (
                  <div>
                    Acknowledged <LocalTime at={a.acknowledgedAt} />
                    {a.acknowledgedBy && <> by {actorName(a.acknowledgedBy)}</>}
                  </div>
                )}
                {a.resolvedAt && (
                  <div>
                    Resolved <LocalTime at={a.resolvedAt} />
                  </div>
                )}
                {showIncident && a.incidentId && (
                  <Link href={`/incidents/${a.incidentId}`} className="text-sky-800 underline underline-offset-2">
                    Incident timeline →
                  </Link>
                )}
              </td>
              <td className={`${td} text-xs text-slate-700`} data-label="Action taken">
                <div>{ACTION_TAKEN[a.actionTaken]}</div>
                <div>{toldText(a)}</div>
              </td>
              {canAcknowledge && (
                <td className={td}>{a.status === "open" && <AcknowledgeButton alertId={a.id} ruleName={a.rule.name} />}</td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
