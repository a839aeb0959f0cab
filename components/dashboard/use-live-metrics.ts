"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { MetricsView, PhaseAccuracySeries } from "@/lib/read/dashboard";
import { metricsSearch, type DashboardQuery } from "@/lib/domain/dashboard-query";

// Live data for the feature page: the server's first view seeds the cache, then the metrics API
// is polled every 10 s while the tab is visible (react-query pauses intervals in background tabs).

export const REFRESH_MS = 10_000;

export class FetchError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function getMetrics(featureKey: string, search: string, signal: AbortSignal): Promise<MetricsView> {
  const res = await fetch(`/api/v1/features/${encodeURIComponent(featureKey)}/metrics${search}`, { signal, cache: "no-store" });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new FetchError(res.status, body?.error?.message ?? `HTTP ${res.status}`);
  }
  return res.json();
}

/** Identifies a view without its sliding clock: a preset range keeps its key as time passes. */
function viewKey(q: DashboardQuery) {
  return [q.range, q.range === "custom" ? q.from : null, q.range === "custom" ? q.to : null, q.segment, q.model] as const;
}

export function useLiveMetrics(featureKey: string, q: DashboardQuery, initial: MetricsView, initialAt: number) {
  return useQuery({
    queryKey: ["metrics", featureKey, ...viewKey(q), q.phase],
    queryFn: ({ signal }) => getMetrics(featureKey, metricsSearch(q, Date.now()), signal),
    initialData: initial,
    initialDataUpdatedAt: initialAt,
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
  });
}

/** One accuracy series per phase, for overlaying phases; fetched together, only when comparing. */
export function useLivePhaseSeries(
  featureKey: string,
  q: DashboardQuery,
  phases: string[],
  initial: PhaseAccuracySeries | null,
  initialAt: number,
) {
  return useQuery({
    queryKey: ["phase-series", featureKey, ...viewKey(q), phases.join(",")],
    queryFn: ({ signal }) =>
      Promise.all(
        phases.map(async (phase) => {
          const m = await getMetrics(featureKey, metricsSearch(q, Date.now(), phase), signal);
          return { phase, points: m.points.map((p) => ({ start: p.start, accuracy: p.accuracy })) };
        }),
      ),
    enabled: q.compare && phases.length > 0,
    initialData: initial ?? undefined,
    initialDataUpdatedAt: initialAt,
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
  });
}
