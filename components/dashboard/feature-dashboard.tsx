"use client";

import type { FeatureChange } from "@/lib/domain/feature-changes";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import type { PhaseLine } from "@/components/charts/phase-compare-chart";
import { useViewerTimeZone } from "@/components/ui/use-time-zone";
import type { AlertPeriodInput } from "@/lib/domain/alert-areas";
import type { FilterOptions, MetricsView, PhaseAccuracySeries } from "@/lib/read/dashboard";
import type { DashboardQuery } from "@/lib/domain/dashboard-query";
import { formatInstant } from "@/lib/format/time";
import {
  AccuracySection,
  CalibrationSection,
  ConcentrationSection,
  HistogramSection,
  LatencySection,
  CostSection,
  OverconfidenceSection,
  PhaseCompareSection,
  PresentationSection,
  ThumbsSection,
  TicketsSection,
} from "./chart-sections";
import { AdoptionSection } from "./adoption-section";
import { DashboardFilters } from "./dashboard-filters";
import { ModelScopeNote } from "./model-scope-note";
import type { ModelOption } from "@/lib/domain/model-filter";
import { LiveStatus } from "./live-status";
import { SummaryFigures } from "./summary-figures";
import { useLiveMetrics, useLivePhaseSeries } from "./use-live-metrics";

export interface FeatureDashboardProps {
  featureKey: string;
  query: DashboardQuery;
  initial: MetricsView;
  initialAt: number;
  initialCompare: PhaseAccuracySeries | null;
  phases: PhaseLine[];
  options: FilterOptions;
  floor: { value: number; label: string } | null;
  threshold: number | null;
  /** the feature's alerts in the range (server-rendered; refreshed with the page) */
  alerts?: AlertPeriodInput[];
  /** the feature's changes (server-rendered; refreshed with the page), marked on the accuracy chart */
  changes?: FeatureChange[];
  /** the feature's model versions, newest first, for the model filter */
  models?: ModelOption[];
}

/** The live part of the feature page: filters, status, figures and charts. */
export function FeatureDashboard(p: FeatureDashboardProps) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const tz = useViewerTimeZone();
  const live = useLiveMetrics(p.featureKey, p.query, p.initial, p.initialAt);
  const comparePhases = p.query.compare ? p.options.phases : [];
  const compare = useLivePhaseSeries(p.featureKey, p.query, comparePhases, p.initialCompare, p.initialAt);
  const m = live.data;
  const ctx = { m, interval: p.query.interval, tz, floor: p.floor, threshold: p.threshold, alerts: p.alerts, changes: p.changes };
  const navigate = (href: string, optimistic: () => void) =>
    startTransition(() => {
      optimistic();
      router.push(href, { scroll: false });
    });
  const segments =
    p.options.segments.some((s) => s.key === p.query.segment) || !p.query.segment
      ? p.options.segments
      : [...p.options.segments, { key: p.query.segment, name: p.query.segment }];
  const knownModels = (p.models ?? []).map((v) => ({ key: v.model, name: `${v.model} · first seen ${formatInstant(v.firstSeen, tz)}` }));
  const models =
    p.query.model && !knownModels.some((m) => m.key === p.query.model)
      ? [...knownModels, { key: p.query.model, name: `${p.query.model} (never seen)` }]
      : knownModels;

  return (
    <div className="flex flex-col gap-4" aria-busy={pending}>
      <DashboardFilters
        key={`${p.query.range}:${p.query.from}`}
        query={p.query}
        phases={p.phases}
        segments={segments}
        models={models}
        onNavigate={navigate}
      />
      {p.query.model && <ModelScopeNote model={p.query.model} />}
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-slate-700">
          {formatInstant(Date.parse(m.from), tz)} – {formatInstant(Date.parse(m.to), tz)} · per {p.query.interval} · times in {tz}
        </p>
        <LiveStatus updatedAt={live.dataUpdatedAt} error={live.error} pending={pending} />
      </div>
      <div className={`flex flex-col gap-4 transition-opacity ${pending ? "opacity-60" : ""}`}>
        <SummaryFigures totals={m.totals} ece={m.ece} cost={m.cost} />
        {p.query.compare ? (
          <PhaseCompareSection series={compare.data ?? []} phases={p.phases} interval={p.query.interval} tz={tz} floor={p.floor} />
        ) : (
          <AccuracySection {...ctx} />
        )}
        <div className="grid gap-4 lg:grid-cols-2">
          <OverconfidenceSection {...ctx} />
          <CalibrationSection {...ctx} />
          <ThumbsSection {...ctx} />
          <TicketsSection {...ctx} />
          <LatencySection {...ctx} />
          <CostSection {...ctx} />
          <HistogramSection {...ctx} />
          <PresentationSection {...ctx} />
          <ConcentrationSection title="Accuracy by input type" noun="input type" slices={m.byInputType} />
          <ConcentrationSection title="Accuracy by segment" noun="segment" slices={m.bySegment} />
          <AdoptionSection adoption={m.adoption} />
        </div>
      </div>
    </div>
  );
}
