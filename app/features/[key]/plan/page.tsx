import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { EscalationTable } from "@/components/plans/escalation-table";
import { FeatureSubnav } from "@/components/plans/feature-subnav";
import { GraduationPanel } from "@/components/plans/graduation-panel";
import { PhaseTimeline } from "@/components/plans/phase-timeline";
import { TransitionControls } from "@/components/plans/transition-controls";
import { requirePageUser } from "@/lib/auth";
import { featureByKey } from "@/lib/data/features";
import { graduationReport } from "@/lib/read/graduation";
import { phaseTimeline } from "@/lib/read/phase-runs";
import { planOf } from "@/lib/data/plans";
import { segmentNames } from "@/lib/data/segments";
import { escalationTable } from "@/lib/domain/escalation";
import { hasRole } from "@/lib/domain/roles";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ key: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const f = await featureByKey((await params).key);
  return { title: f ? `${f.name} · plan` : "Feature not found" };
}

export default async function PlanPage({ params }: Props) {
  const { key } = await params;
  const user = await requirePageUser("viewer", `/features/${key}/plan`);
  const feature = await featureByKey(key);
  if (!feature) notFound();
  const now = Date.now();
  const [report, runs, names] = await Promise.all([graduationReport(feature, now), phaseTimeline(feature.id), segmentNames()]);
  const plan = planOf(feature.phases);
  const isAdmin = hasRole(user.role, "admin");
  return (
    <div className="flex flex-col gap-4">
      <FeatureSubnav featureKey={feature.key} name={feature.name} active="plan" isAdmin={isAdmin} />
      <h1 className="text-2xl font-semibold text-slate-900">{feature.name}: rollout plan</h1>
      {report && (
        <GraduationPanel
          report={report}
          controls={
            hasRole(user.role, "operator") && (report.next || report.previous) ? (
              <TransitionControls
                featureKey={feature.key}
                next={report.next?.name ?? null}
                previous={report.previous?.name ?? null}
                ready={Boolean(report.graduation?.ready)}
                paused={feature.state === "paused"}
              />
            ) : null
          }
        />
      )}
      <PhaseTimeline phases={feature.phases} runs={runs} currentKey={feature.currentPhase?.key ?? null} now={now} />
      <section aria-labelledby="escalation-heading" className="space-y-2">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="escalation-heading" className="text-lg font-semibold">
            Escalation plan
          </h2>
          {isAdmin && (
            <Link
              href={`/features/${feature.key}/plan/edit`}
              className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50"
            >
              Edit plan
            </Link>
          )}
        </div>
        <EscalationTable rows={escalationTable(plan, names)} currentKey={feature.currentPhase?.key} />
      </section>
    </div>
  );
}
