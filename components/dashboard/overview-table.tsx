import Link from "next/link";
import { Sparkline } from "@/components/charts/sparkline";
import { HealthBadge } from "@/components/ui/health-badge";
import { LocalTime } from "@/components/ui/local-time";
import { StateBadge } from "@/components/ui/state-badge";
import type { OverviewRow } from "@/lib/read/overview";
import { count, percent } from "@/lib/format/numbers";

// One row per feature, trouble first. On a phone each row becomes a card (cells stack, each with
// its label); explicit roles keep the table semantics when the display changes.

const cell = "block px-3 py-1 md:table-cell md:py-2 md:align-top";
const Label = ({ children }: { children: string }) => <span className="mr-2 text-xs text-slate-600 md:hidden">{children}</span>;

export function OverviewTable({ rows }: { rows: OverviewRow[] }) {
  return (
    <table
      role="table"
      className="block w-full text-sm md:table md:overflow-hidden md:rounded-lg md:border md:border-slate-200 md:bg-white"
    >
      <thead role="rowgroup" className="sr-only md:not-sr-only md:table-header-group md:bg-slate-100 md:text-left md:text-slate-700">
        <tr role="row">
          {["Feature", "State", "Phase", "Accuracy (24 h)", "Trend", "Thumbs down", "Tickets", "Alerts"].map((h) => (
            <th role="columnheader" key={h} scope="col" className="px-3 py-2 font-medium">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody role="rowgroup" className="flex flex-col gap-3 md:table-row-group">
        {rows.map((r) => {
          const f = r.feature;
          const t = r.totals;
          const paused = f.state === "paused";
          return (
            <tr
              role="row"
              key={f.key}
              className={`block rounded-lg border bg-white py-2 md:table-row md:rounded-none md:border-0 md:border-t md:py-0 ${paused ? "border-2 border-amber-700 bg-amber-50 md:border-l-8 md:border-l-amber-700" : "border-slate-200 md:border-slate-100"}`}
            >
              <td role="cell" className={cell}>
                <Link href={`/features/${f.key}`} className="font-medium text-sky-800 underline-offset-2 hover:underline">
                  {f.name}
                </Link>
                <div className="text-xs text-slate-600">
                  <code>{f.key}</code> · {f.stakes} stakes
                </div>
              </td>
              <td role="cell" className={cell}>
                <Label>State</Label>
                <span className="inline-flex flex-wrap gap-1">
                  <StateBadge state={f.state} />
                  <HealthBadge health={r.health} />
                </span>
                <Why row={r} />
              </td>
              <td role="cell" className={cell}>
                <Label>Phase</Label>
                {f.currentPhase ? `${f.currentPhase.name} · ${f.currentPhase.audiencePercent} %` : "—"}
              </td>
              <td role="cell" className={cell}>
                <Label>Accuracy (24 h)</Label>
                <span className="font-semibold tabular-nums">{percent(t.accuracy.value)}</span>
                <div className="text-xs text-slate-600 md:block">
                  {t.accuracy.n === 0
                    ? "no labels (n=0)"
                    : `${percent(t.accuracy.lower)}–${percent(t.accuracy.upper)}, n=${count(t.accuracy.n)}`}
                  {r.floor !== null && ` · floor ${percent(r.floor, 0)}`}
                </div>
              </td>
              <td role="cell" className={cell}>
                <Sparkline rows={r.trend} floor={r.floor} label={`Accuracy of ${f.name} over the last 24 hours, in 3-hour steps`} />
              </td>
              <td role="cell" className={cell}>
                <Label>Thumbs down</Label>
                <span className="tabular-nums">{percent(t.thumbsDownRate.value)}</span>{" "}
                <span className="text-xs text-slate-600">n={count(t.thumbsDownRate.n)}</span>
              </td>
              <td role="cell" className={cell}>
                <Label>Tickets</Label>
                <span className="tabular-nums">{count(t.tickets)}</span>
                {t.criticalTickets > 0 ? (
                  <span className="ml-1 rounded bg-orange-100 px-1 text-xs font-semibold text-orange-950">
                    ▲ {count(t.criticalTickets)} critical
                  </span>
                ) : (
                  <span className="ml-1 text-xs text-slate-600">0 critical</span>
                )}
              </td>
              <td role="cell" className={cell}>
                <Label>Open alerts</Label>
                {r.openAlerts > 0 ? (
                  <span className="font-semibold text-orange-950">▲ {count(r.openAlerts)} open</span>
                ) : (
                  <span className="text-slate-600">none</span>
                )}
                {r.incidentId && (
                  <Link href={`/incidents/${r.incidentId}`} className="ml-2 text-sky-800 underline underline-offset-2 md:ml-0 md:block">
                    Incident →
                  </Link>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Why a feature is paused, alerting or watched, in one or two lines under its badges. */
function Why({ row: r }: { row: OverviewRow }) {
  const lines: React.ReactNode[] = [];
  if (r.paused) {
    lines.push(
      <span key="paused">
        Paused {r.paused.byRule ? "automatically by" : "by"} {r.paused.actorName}, <LocalTime at={r.paused.at} />
        {r.paused.reason && !r.paused.byRule && <>: {r.paused.reason}</>}
      </span>,
    );
  } else if (r.feature.state === "paused" && r.feature.stateReason) {
    lines.push(<span key="paused">Paused: {r.feature.stateReason}</span>);
  }
  if (r.alertRules.length > 0)
    lines.push(
      <span key="rules">
        Rule{r.alertRules.length > 1 ? "s" : ""} fired: {r.alertRules.map((n) => `“${n}”`).join(", ")}
      </span>,
    );
  if (r.health === "watch") {
    const a = r.totals.accuracy;
    if (r.floor !== null && a.value !== null && a.value < r.floor)
      lines.push(
        <span key="watch">
          Watch: accuracy {percent(a.value)} is under the {percent(r.floor, 0)} floor, but {count(a.n)} labels do not prove it yet
        </span>,
      );
    else if (r.totals.criticalTickets > 0)
      lines.push(
        <span key="watch">
          Watch: {count(r.totals.criticalTickets)} critical ticket{r.totals.criticalTickets > 1 ? "s" : ""} in 24 h
        </span>,
      );
  }
  if (lines.length === 0) return null;
  return (
    <div className="mt-1 flex max-w-xs flex-col gap-0.5 text-xs text-slate-700" data-testid="overview-why">
      {lines}
    </div>
  );
}
