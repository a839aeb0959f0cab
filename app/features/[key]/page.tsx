import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { FeatureDashboard } from "@/components/dashboard/feature-dashboard";
import { FeatureHeader } from "@/components/dashboard/feature-header";
import { QueryProvider } from "@/components/dashboard/query-provider";
import { RolloutSummary } from "@/components/plans/rollout-summary";
import { filterOptions, featureMetricsView, phaseAccuracySeries, phaseFloors } from "@/lib/data/dashboard";
import { featureByKey } from "@/lib/data/features";
import { parseDashboardQuery } from "@/lib/domain/dashboard-query";
import { percent } from "@/lib/format/numbers";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ key: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const f = await featureByKey((await params).key);
  return { title: f?.name ?? "Feature not found" };
}

export default async function FeaturePage({ params, searchParams }: Props) {
  const feature = await featureByKey((await params).key);
  if (!feature) notFound();
  const now = Date.now();
  const query = parseDashboardQuery(await searchParams, now);
  const q = { from: query.from, to: query.to, interval: query.interval, phase: query.phase ?? undefined, segment: query.segment ?? undefined };
  const [initial, options, floors, compare] = await Promise.all([
    featureMetricsView(feature.key, feature.id, q),
    filterOptions(feature.id, query.from, query.to),
    phaseFloors(feature.id),
    query.compare ? phaseAccuracySeries(feature.id, q) : null,
  ]);
  const phase = feature.phases.find((p) => p.key === query.phase) ?? feature.currentPhase;
  const floorValue = phase ? (floors[phase.key] ?? null) : null;
  return (
    <div className="flex flex-col gap-4">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/" className="text-sky-800 underline-offset-2 hover:underline">
          ← All features
        </Link>
      </nav>
      <FeatureHeader feature={feature} />
      <RolloutSummary feature={feature} />
      <p className="-mt-2 text-sm">
        <Link href={`/features/${feature.key}/rules`} className="text-sky-800 underline-offset-2 hover:underline">
          Alert rules &amp; backtest →
        </Link>
      </p>
      <QueryProvider>
        <FeatureDashboard
          featureKey={feature.key}
          query={query}
          initial={initial}
          initialAt={now}
          initialCompare={compare}
          phases={feature.phases.map((p) => ({ key: p.key, name: p.name }))}
          options={options}
          floor={floorValue === null ? null : { value: floorValue, label: `${phase!.name} floor ${percent(floorValue, 0)}` }}
          threshold={phase?.confidenceThreshold ?? null}
        />
      </QueryProvider>
    </div>
  );
}
