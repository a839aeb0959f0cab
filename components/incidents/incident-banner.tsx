import Link from "next/link";
import { AlertStatusBadge } from "@/components/alerts/alert-status-badge";
import { LocalTime } from "@/components/ui/local-time";
import { AcknowledgeIncident } from "./acknowledge-incident";

// The feature page's incident card: what is going on, since when, how many alerts, who took it.

export interface IncidentBannerProps {
  id: string;
  status: string;
  title: string;
  openedAt: Date;
  alerts: { status: string }[];
  acknowledgedBy: string | null;
  canAcknowledge: boolean;
}

export function IncidentBanner(p: IncidentBannerProps) {
  const open = p.alerts.filter((a) => a.status === "open").length;
  const unresolved = p.alerts.filter((a) => a.status !== "resolved").length;
  return (
    <section aria-label="Current incident" className="space-y-2 rounded-lg border-2 border-orange-800 bg-orange-50 p-3">
      <div className="flex flex-wrap items-center gap-2">
        <AlertStatusBadge status={p.status} />
        <h2 className="text-base font-semibold text-slate-900">Incident: {p.title}</h2>
      </div>
      <p className="text-sm text-slate-800">
        Since <LocalTime at={p.openedAt} /> · {p.alerts.length} alert{p.alerts.length === 1 ? "" : "s"}, {unresolved} not resolved
        {p.acknowledgedBy && <> · acknowledged by {p.acknowledgedBy}</>} ·{" "}
        <Link href={`/incidents/${p.id}`} className="font-medium text-sky-900 underline underline-offset-2">
          Incident timeline →
        </Link>
      </p>
      {p.canAcknowledge && p.status === "open" && <AcknowledgeIncident incidentId={p.id} openAlerts={open} />}
    </section>
  );
}
