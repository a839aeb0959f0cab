"use client";

import { useQuery } from "@tanstack/react-query";
import { DecisionsChart } from "@/components/charts/decisions-chart";
import { LocalTime } from "@/components/ui/local-time";
import type { ProductProof } from "@/lib/read/proof";
import { count } from "@/lib/format/numbers";

// "Did the product obey?" — live, every 2 s: what the decision API served, who heard the change,
// and whether AI answers were still reported as shown after a pause.

export function ProofPanel({ featureKey, initial }: { featureKey: string; initial: ProductProof }) {
  const { data: p = initial } = useQuery({
    queryKey: ["proof", featureKey],
    queryFn: async ({ signal }) => {
      const res = await fetch(`/api/v1/features/${encodeURIComponent(featureKey)}/proof`, { signal, cache: "no-store" });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return (await res.json()) as ProductProof;
    },
    initialData: initial,
    refetchInterval: 2_000,
  });
  const change = p.lastChange;
  return (
    <section aria-labelledby="proof-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="proof-heading" className="text-lg font-semibold text-slate-900">
        Did the product obey?
      </h2>
      {p.verdict === "disobeying" && (
        <p role="alert" className="rounded border-2 border-red-700 bg-red-50 p-3 font-semibold text-red-900">
          The product is still showing AI answers: {count(p.aiShownAfterPause)} reported as shown after the pause (+{p.graceMs / 1000} s
          grace).
        </p>
      )}
      {p.verdict === "obeying" && (
        <p className="rounded border border-emerald-700 bg-emerald-50 p-3 text-emerald-900">
          <span aria-hidden="true">✓ </span>No AI answer reported as shown since the pause (+{p.graceMs / 1000} s grace).
        </p>
      )}
      <dl className="grid gap-3 text-sm sm:grid-cols-4">
        <div>
          <dt className="text-slate-600">Last change</dt>
          <dd className="font-medium">
            {change ? (
              <>
                {change.type === "paused" ? "Paused" : "Resumed"} <LocalTime at={change.at} seconds />
              </>
            ) : (
              "None yet"
            )}
          </dd>
        </div>
        <div>
          <dt className="text-slate-600">Stream clients connected</dt>
          <dd className="font-medium" data-testid="stream-connected">
            {count(p.stream.connected)}
          </dd>
        </div>
        <div>
          <dt className="text-slate-600">Refetched since the change</dt>
          <dd className="font-medium">
            {count(p.stream.refetched)} of {count(p.stream.notified)} notified
          </dd>
        </div>
        <div>
          <dt className="text-slate-600">AI answers shown after the pause</dt>
          <dd className="font-medium" data-testid="ai-after-pause">
            {p.verdict === "running" ? "—" : count(p.aiShownAfterPause)}
          </dd>
        </div>
        <div className="sm:col-span-4">
          <dt className="text-slate-600">Last AI answer shown</dt>
          <dd className="font-medium">{p.lastAiShownAt ? <LocalTime at={p.lastAiShownAt} seconds /> : "Never"}</dd>
        </div>
      </dl>
      <h3 className="text-sm font-medium text-slate-700">Decisions served per minute, by outcome</h3>
      {p.minutes.some((m) => m.ai + m.fallback + m.disabled > 0) ? (
        <DecisionsChart
          rows={p.minutes}
          changeMinute={change && change.at >= p.minutes[0].minute * 60_000 ? Math.floor(change.at / 60_000) : null}
          changeLabel={change?.type === "paused" ? "paused" : "resumed"}
        />
      ) : (
        <p className="rounded border border-dashed border-slate-300 p-4 text-sm text-slate-700">
          No decisions served for this feature in the last {p.minutes.length} minutes: no product has asked the decision API (OFREP) lately.
          Until it asks before each answer, a pause cannot reach it.
        </p>
      )}
    </section>
  );
}
