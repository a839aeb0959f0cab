import { FeatureForm } from "@/components/plans/feature-form";
import { requirePageUser } from "@/lib/auth";
import { segmentNames } from "@/lib/data/segments";

export const dynamic = "force-dynamic";
export const metadata = { title: "New feature" };

export default async function NewFeaturePage() {
  await requirePageUser("admin", "/features/new");
  return (
    <section className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">New feature</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          Describe the AI feature and pick the plan template that matches what a mistake costs. It starts in the plan&apos;s first phase;
          write its readiness checklist next, before the rollout starts.
        </p>
      </div>
      <FeatureForm segmentNames={await segmentNames()} />
    </section>
  );
}
