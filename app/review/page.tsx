import type { Metadata } from "next";
import { RankingExplainer } from "@/components/review/ranking-explainer";
import { ReviewItemCard } from "@/components/review/review-item-card";
import { TAG_SUGGESTIONS_ID } from "@/components/review/review-form";
import { ReviewNav } from "@/components/review/review-nav";
import { ReviewPicker } from "@/components/review/review-picker";
import { requirePageUser } from "@/lib/auth";
import { listFeatures } from "@/lib/data/features";
import { tagSuggestions, worstOutputs } from "@/lib/data/review";
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
  const [items, suggestions] = await Promise.all([
    worstOutputs(feature.id, { from: range.from, to: range.to, limit: LIMIT }),
    tagSuggestions(feature.id),
  ]);
  const reviewed = items.filter((i) => i.review.reviewed).length;
  const canEdit = hasRole(user.role, "operator");
  const api = `/api/v1/features/${encodeURIComponent(feature.key)}/worst?from=${range.from}&to=${range.to}&limit=${LIMIT}`;

  return (
    <section className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">Weekly review</h1>
        <p className="text-sm text-slate-600">
          The {LIMIT} worst outputs of {feature.name}, {range.fromDay} to {range.toDay} (UTC), confidently wrong first.
        </p>
      </div>
      <ReviewNav current="/review" featureKey={feature.key} />
      <ReviewPicker features={features} featureKey={feature.key} range={range} action="/review" />

      <div className="flex flex-wrap items-center gap-4 rounded-lg border border-slate-200 bg-white p-3">
        <div className="flex items-center gap-2">
          <span id="review-progress-label" className="text-sm font-medium text-slate-900">
            Progress
          </span>
          <div
            role="progressbar"
            aria-labelledby="review-progress-label"
            aria-valuemin={0}
            aria-valuemax={items.length}
            aria-valuenow={reviewed}
            className="h-2.5 w-40 overflow-hidden rounded-full border border-slate-400 bg-white"
          >
            <div className="h-full bg-emerald-700" style={{ width: `${items.length ? (100 * reviewed) / items.length : 0}%` }} />
          </div>
          <span data-testid="review-progress" className="text-sm font-semibold text-slate-900">
            {reviewed} / {items.length} reviewed
          </span>
        </div>
        <p className="text-sm text-slate-600">
          {canEdit
            ? "Tags, notes and marks are saved per output: leave and come back any time."
            : "You can read the review; tagging and marking reviewed need the operator role."}
        </p>
        <div className="ml-auto flex gap-3 text-sm">
          <a href={`${api}&format=csv`} download className="text-sky-800 underline underline-offset-2">
            Export CSV
          </a>
          <a href={`${api}&format=json`} download={`${feature.key}-worst-${range.fromDay}.json`} className="text-sky-800 underline underline-offset-2">
            Export JSON
          </a>
        </div>
      </div>

      <RankingExplainer />

      <datalist id={TAG_SUGGESTIONS_ID}>
        {suggestions.map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>

      {items.length === 0 ? (
        <p className="rounded border border-dashed border-slate-300 bg-white p-6 text-slate-600">
          Nothing bad is known about these days: no incorrect labels, thumbs down or linked tickets.
        </p>
      ) : (
        <ol className="space-y-4" aria-label="Worst outputs, worst first">
          {items.map((item) => (
            <li key={item.id}>
              <ReviewItemCard item={item} featureKey={feature.key} canEdit={canEdit} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
