import { notFound } from "next/navigation";
import { FeatureForm } from "@/components/plans/feature-form";
import { FeatureSubnav } from "@/components/plans/feature-subnav";
import { requirePageUser } from "@/lib/auth";
import { featureByKey } from "@/lib/data/features";
import type { StakesLevel } from "@/lib/domain/plan-templates";

export const dynamic = "force-dynamic";
export const metadata = { title: "Edit feature" };

export default async function EditFeaturePage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  await requirePageUser("admin", `/features/${key}/edit`);
  const f = await featureByKey(key);
  if (!f) notFound();
  const stakes = (["low", "medium", "high"].includes(f.stakes) ? f.stakes : "medium") as StakesLevel;
  return (
    <div className="flex flex-col gap-4">
      <FeatureSubnav featureKey={f.key} name={f.name} active="edit" isAdmin />
      <h1 className="text-2xl font-semibold">Edit {f.name}</h1>
      <FeatureForm
        initial={{ key: f.key, name: f.name, description: f.description, stakes, owner: f.owner, fallback: f.fallback }}
        segmentNames={{}}
      />
    </div>
  );
}
