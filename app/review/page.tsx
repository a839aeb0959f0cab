import type { Metadata } from "next";
import { RankingExplainer } from "@/components/review/ranking-explainer";
import { ReviewNav } from "@/components/review/review-nav";
import { ReviewPicker } from "@/components/review/review-picker";
import { TAG_SUGGESTIONS_ID, WorstReview } from "@/components/review/worst-review";
import { requirePageUser } from "@/lib/auth";
import { listFeatures } from "@/lib/data/features";
import { tagSuggestions, worstReview } from "@/lib/data/review";
import { isDemoDatabase } from "@/lib/data/settings";
import { demoTagSuggestions } from "@/lib/demo/tag-suggestions";
import { hasRole } from "@/lib/domain/roles";
import { reviewRange } from "@/lib/domain/review-range";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Weekly review" };

const LIMIT = 20;
type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function ReviewPage({ searchParams }: Props) {
  const user = await requirePageUser("viewer", "/review");
  const sp = await searchParams;
  const features = await listFeatures();
  const feature = features.find((f) => f.key === one(sp.feature)) ?? features[0];
  if (!feature) return <p className="text-slate-600">No features yet.</p>;
  const range = reviewRange({ from: one(sp.from), to: one(sp.to) }, Date.now());
  const [{ groups }, used, demo] = await Promise.all([
    worstReview(feature.id, { from: range.from, to: range.to, limit: LIMIT }),
    tagSuggestions(feature.id),
    isDemoDatabase(),
  ]);
  const suggestions = [...new Set([...used, ...(demo ? demoTagSuggestions(feature.key) : [])])];
  const canEdit = hasRole(user.role, "operator");
  const api = `/api/v1/features/${encodeURIComponent(feature.key)}/worst?from=${range.from}&to=${range.to}&limit=${LIMIT}`;
  const outputs = groups.reduce((n, g) => n + g.count, 0);

  return (
    <section className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">Weekly review</h1>
        <p className="text-sm text-slate-600">
          The {LIMIT} worst failures of {feature.name}, {range.fromDay} to {range.toDay} (UTC), confidently wrong first; near-identical
          outputs are one row ({outputs} outputs in {groups.length} rows).
        </p>
      </div>
      <ReviewNav current="/review" featureKey={feature.key} />
      <ReviewPicker features={features} featureKey={feature.key} range={range} action="/review" />
      <div className="flex flex-wrap gap-3 text-sm">
        <a href={`${api}&format=csv&view=groups`} download className="text-sky-800 underline underline-offset-2">
          Export CSV (groups)
        </a>
        <a href={`${api}&format=csv`} download className="text-sky-800 underline underline-offset-2">
          Export CSV (outputs)
        </a>
        <a
          href={`${api}&format=json`}
          download={`${feature.key}-worst-${range.fromDay}.json`}
          className="text-sky-800 underline underline-offset-2"
        >
          Export JSON
        </a>
      </div>

      <RankingExplainer />

      <datalist id={TAG_SUGGESTIONS_ID}>
        {suggestions.map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>

      {groups.length === 0 ? (
        <p className="rounded border border-dashed border-slate-300 bg-white p-6 text-slate-600">
          Nothing bad is known about these days: no incorrect labels, thumbs down or linked tickets.
        </p>
      ) : (
        <WorstReview
          key={`${feature.key}-${range.from}-${range.to}`}
          featureKey={feature.key}
          groups={groups}
          canEdit={canEdit}
          suggestions={suggestions}
        />
      )}
    </section>
  );
}
