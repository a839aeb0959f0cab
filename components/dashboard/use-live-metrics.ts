"use client";

import { keepPreviousData, useQueries, useQuery } from "@tanstack/react-query";
import type { MetricsView, PhaseAccuracySeries } from "@/lib/data/dashboard";
import { metricsSearch, type DashboardQuery } from "@/lib/domain/dashboard-query";

// Live data for the feature page: the server's first view seeds the cache, then the metrics API
// is polled every 10 s while the tab is visible (react-query pauses intervals in background tabs).

export const REFRESH_MS = 10_000;

export class FetchError extends Error {
  constructor(readonly status: number, message: string) {
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
  return [q.range, q.range === "custom" ? q.from : null, q.range === "custom" ? q.to : null, q.segment] as const;
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

/** One accuracy series per phase, for overlaying phases; only when comparing. */
export function useLivePhaseSeries(featureKey: string, q: DashboardQuery, phases: string[], initial: PhaseAccuracySeries | null) {
  return useQueries({
    queries: phases.map((phase) => ({
      queryKey: ["metrics", featureKey, ...viewKey(q), phase],
      queryFn: async ({ signal }: { signal: AbortSignal }) => getMetrics(featureKey, metricsSearch(q, Date.now(), phase), signal),
      select: (m: MetricsView) => ({ phase, points: m.points.map((p) => ({ start: p.start, accuracy: p.accuracy })) }),
      enabled: q.compare,
      refetchInterval: REFRESH_MS,
      placeholderData: keepPreviousData,
      staleTime: REFRESH_MS,
    })),
    combine: (results) => {
      const live = results.map((r) => r.data).filter((d): d is NonNullable<typeof d> => !!d);
      return live.length === phases.length ? live : (initial ?? live);
    },
  });
}
