import type { Metadata } from "next";
import { QueueReviewer } from "@/components/review/queue-reviewer";
import { QueueStats } from "@/components/review/queue-stats";
import { ReviewNav } from "@/components/review/review-nav";
import { ReviewPicker } from "@/components/review/review-picker";
import { requirePageUser } from "@/lib/auth";
import { listFeatures } from "@/lib/data/features";
import { reviewQueueStats } from "@/lib/data/review-queue";
import { hasRole } from "@/lib/domain/roles";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Human review queue" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function QueuePage({ searchParams }: Props) {
  const user = await requirePageUser("viewer", "/review/queue");
  const wanted = one((await searchParams).feature);
  const features = await listFeatures();
  const feature = features.find((f) => f.key === wanted) ?? features[0];
  if (!feature) return <p className="text-slate-600">No features yet.</p>;
  const now = Date.now();
  const stats = await reviewQueueStats(feature.id, now);
  const canReview = hasRole(user.role, "operator");
  return (
    <section className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">Human review queue</h1>
        <p className="text-sm text-slate-600">
          Outputs flagged for review (by the product, or sampled at the phase&apos;s review rate), oldest first. A verdict is a
          human label: production accuracy updates at once.
        </p>
      </div>
      <ReviewNav current="/review/queue" featureKey={feature.key} />
      <ReviewPicker features={features} featureKey={feature.key} action="/review/queue" />
      <QueueStats stats={stats} now={now} />
      {canReview ? (
        <QueueReviewer key={feature.key} featureKey={feature.key} />
      ) : (
        <p className="rounded border border-slate-200 bg-white p-4 text-sm text-slate-700">
          Giving verdicts needs the operator role: a verdict changes the feature&apos;s production accuracy.
        </p>
      )}
    </section>
  );
}
