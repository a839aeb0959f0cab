import Link from "next/link";
import { notFound } from "next/navigation";
import { FeatureSubnav } from "@/components/plans/feature-subnav";
import { PlanEditor } from "@/components/plans/plan-editor";
import { requirePageUser } from "@/lib/auth";
import { featureByKey } from "@/lib/data/features";
import { planOf } from "@/lib/data/plans";
import { listSegments } from "@/lib/data/segments";

export const dynamic = "force-dynamic";
export const metadata = { title: "Edit plan" };

export default async function EditPlanPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  await requirePageUser("admin", `/features/${key}/plan/edit`);
  const f = await featureByKey(key);
  if (!f) notFound();
  const segments = await listSegments();
  const current = f.currentPhase ? f.phases.findIndex((p) => p.id === f.currentPhase!.id) : 0;
  return (
    <div className="flex flex-col gap-4">
      <FeatureSubnav featureKey={f.key} name={f.name} active="plan" isAdmin />
      <div>
        <h1 className="text-2xl font-semibold">Edit the plan of {f.name}</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          Phases up to the current one keep their keys and order (outputs are recorded under them); their settings may change, and a change
          to the current phase reaches the decision API at once and is audited. Later phases can be added, removed and reordered. Segments
          are managed on the{" "}
          <Link href="/segments" className="text-sky-800 underline">
            Segments
          </Link>{" "}
          page.
        </p>
      </div>
      <PlanEditor
        featureKey={f.key}
        plan={planOf(f.phases)}
        lockedCount={current + 1}
        segments={segments.map((s) => ({ key: s.key, name: s.name }))}
      />
    </div>
  );
}
