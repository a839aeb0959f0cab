import Link from "next/link";
import type { FeatureConfig } from "@/lib/data/features";
import { graduationReport } from "@/lib/read/graduation";
import { phaseTimeline } from "@/lib/read/phase-runs";
import { PhaseTimeline } from "./phase-timeline";

// The rollout at a glance on the feature page: the phase timeline, whether the current phase is
// ready to advance, and links to the plan and the readiness checklist.

export async function RolloutSummary({ feature }: { feature: FeatureConfig }) {
  const now = Date.now();
  const [runs, report] = await Promise.all([phaseTimeline(feature.id), graduationReport(feature, now)]);
  const g = report?.graduation;
  return (
    <div className="space-y-2">
      <PhaseTimeline phases={feature.phases} runs={runs} currentKey={feature.currentPhase?.key ?? null} now={now} compact />
      <p className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
        {g && report?.next && (
          <span className="font-medium">
            {g.ready
              ? `✓ Ready to advance to ${report.next.name}`
              : `✗ Not ready to advance: ${g.missing.length} item${g.missing.length === 1 ? "" : "s"} missing`}
          </span>
        )}
        <Link href={`/features/${feature.key}/plan`} className="text-sky-800 underline-offset-2 hover:underline">
          Plan &amp; graduation →
        </Link>
        <Link href={`/features/${feature.key}/checklist`} className="text-sky-800 underline-offset-2 hover:underline">
          Readiness checklist →
        </Link>
      </p>
    </div>
  );
}
