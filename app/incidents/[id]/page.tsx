import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AlertStatusBadge } from "@/components/alerts/alert-status-badge";
import { AlertTable } from "@/components/alerts/alert-table";
import { AcknowledgeIncident } from "@/components/incidents/acknowledge-incident";
import { IncidentTimeline } from "@/components/incidents/incident-timeline";
import { JudgeSuspicionNote } from "@/components/incidents/judge-suspicion-note";
import { LocalTime } from "@/components/ui/local-time";
import { requirePageUser } from "@/lib/auth";
import { listAlertViews } from "@/lib/read/alert-list";
import { incidentView } from "@/lib/data/incidents";
import { hasRole } from "@/lib/domain/roles";
import { actorName } from "@/lib/format/kill-switch";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export const metadata: Metadata = { title: "Incident" };

export default async function IncidentPage({ params }: Props) {
  const { id } = await params;
  const user = await requirePageUser("viewer", `/incidents/${id}`);
  const view = await incidentView(id);
  if (!view) notFound();
  const { incident: i, timeline, judge } = view;
  const alerts = await listAlertViews({ incidentId: i.id });
  const operator = hasRole(user.role, "operator");
  const open = i.alerts.filter((a) => a.status === "open").length;
  return (
    <div className="flex flex-col gap-4">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href={`/features/${i.feature.key}`} className="text-sky-800 underline-offset-2 hover:underline">
          ← {i.feature.name}
        </Link>
      </nav>
      <header className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-2xl font-semibold text-slate-900">Incident on {i.feature.name}</h1>
          <AlertStatusBadge status={i.status} />
        </div>
        <p className="text-sm text-slate-700">
          {i.title} · opened <LocalTime at={i.openedAt} />
          {i.resolvedAt && (
            <>
              {" "}
              · ended <LocalTime at={i.resolvedAt} />
            </>
          )}{" "}
          · {i.alerts.length} alert{i.alerts.length === 1 ? "" : "s"} · the feature is {i.feature.state}
        </p>
        {i.acknowledgedBy && (
          <p className="text-sm text-slate-700">
            Acknowledged by {actorName(i.acknowledgedBy)}
            {i.acknowledgedAt && (
              <>
                , <LocalTime at={i.acknowledgedAt} />
              </>
            )}
            {i.acknowledgeNote && <>: {i.acknowledgeNote}</>}
          </p>
        )}
        {operator && i.status === "open" && <AcknowledgeIncident incidentId={i.id} openAlerts={open} />}
      </header>
      {judge && <JudgeSuspicionNote suspicion={judge} incidentId={i.id} featureKey={i.feature.key} />}
      <section aria-labelledby="timeline-heading" className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="timeline-heading" className="text-lg font-semibold text-slate-900">
          Timeline
        </h2>
        <IncidentTimeline entries={timeline} />
      </section>
      <section aria-labelledby="incident-alerts-heading" className="space-y-2">
        <h2 id="incident-alerts-heading" className="text-lg font-semibold text-slate-900">
          Alerts in this incident
        </h2>
        <AlertTable alerts={alerts} caption="Alerts in this incident" showFeature={false} canAcknowledge={operator} showIncident={false} />
      </section>
    </div>
  );
}
