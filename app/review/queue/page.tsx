import type { Metadata } from "next";
import { QueueFilters } from "@/components/review/queue-filters";
import { QueueReviewer } from "@/components/review/queue-reviewer";
import { QueueStats } from "@/components/review/queue-stats";
import { ReviewNav } from "@/components/review/review-nav";
import { ReviewPicker } from "@/components/review/review-picker";
import { SetAsideForm } from "@/components/review/set-aside-form";
import { requirePageUser } from "@/lib/auth";
import { listFeatures } from "@/lib/data/features";
import { queueFigures, waitingInputTypes } from "@/lib/data/review-queue";
import { listSegments } from "@/lib/data/segments";
import { filterOptions } from "@/lib/read/dashboard";
import { featureSegments } from "@/lib/domain/feature-segments";
import { hasRole } from "@/lib/domain/roles";
import { ZQueueSearch } from "@/lib/schemas/review";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Human review queue" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

const DAY_MS = 86_400_000;

export default async function QueuePage({ searchParams }: Props) {
  const user = await requirePageUser("viewer", "/review/queue");
  const sp = await searchParams;
  const features = await listFeatures();
  const feature = features.find((f) => f.key === one(sp.feature)) ?? features[0];
  if (!feature) return <p className="text-slate-600">No features yet.</p>;
  const { order, ...filterRaw } = ZQueueSearch.parse(Object.fromEntries(Object.entries(sp).map(([k, v]) => [k, one(v)])));
  const filter = Object.fromEntries(Object.entries(filterRaw).filter(([, v]) => v !== undefined));
  const now = Date.now();
  const [figures, named, seen, inputTypes] = await Promise.all([
    queueFigures(feature.id, now),
    listSegments(),
    filterOptions(feature.id, now - 30 * DAY_MS, now),
    waitingInputTypes(feature.id),
  ]);
  // this feature's segments only (seen in 30 days or in its plan), and the one filtered on
  const segments = featureSegments(
    seen.segments,
    feature.phases.flatMap((p) => p.segments),
    named,
  ).map((s) => s.key);
  if (filter.segment && !segments.includes(filter.segment)) segments.push(filter.segment);
  const canReview = hasRole(user.role, "operator");
  return (
    <section className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">Human review queue</h1>
        <p className="text-sm text-slate-600">
          Outputs flagged for review (by the product, or sampled at the phase&apos;s review rate). What matters now comes first: the current
          phase, then risk and recency. A verdict is a human label: production accuracy updates at once.
        </p>
      </div>
      <ReviewNav current="/review/queue" featureKey={feature.key} />
      <ReviewPicker features={features} featureKey={feature.key} action="/review/queue" />
      <QueueFilters
        featureKey={feature.key}
        order={order}
        filter={filter}
        phases={feature.phases.map((p) => ({ key: p.key, name: p.name, current: p.key === feature.currentPhase?.key }))}
        segments={segments}
        inputTypes={inputTypes}
      />
      {canReview ? (
        <>
          <QueueReviewer
            key={`${feature.key}-${JSON.stringify([order, filter])}`}
            featureKey={feature.key}
            order={order}
            filter={filter}
            initialFigures={figures}
          />
          <SetAsideForm featureKey={feature.key} />
        </>
      ) : (
        <>
          <QueueStats stats={figures} now={now} />
          <p className="rounded border border-slate-200 bg-white p-4 text-sm text-slate-700">
            Giving verdicts needs the operator role: a verdict changes the feature&apos;s production accuracy.
          </p>
        </>
      )}
    </section>
  );
}
