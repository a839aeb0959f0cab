import { LocalTime } from "@/components/ui/local-time";
import type { Metadata } from "next";
import Link from "next/link";
import { TagTrendChart } from "@/components/charts/tag-trend-chart";
import { FoldingText } from "@/components/review/folding-text";
import { ReviewNav } from "@/components/review/review-nav";
import { ReviewPicker } from "@/components/review/review-picker";
import { ChartCard } from "@/components/ui/chart-card";
import { requirePageUser } from "@/lib/auth";
import { listFeatures } from "@/lib/data/features";
import { outputsWithTag, tagPatterns } from "@/lib/data/review";
import { DAY_MS, utcDay } from "@/lib/domain/review-range";
import { percent } from "@/lib/format/numbers";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Failure patterns" };

const WEEKS = 12;
type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const weekLabel = (start: number) => utcDay(start).slice(5);
const th = "px-3 py-2 text-left font-medium";
const td = "px-3 py-2 align-top";

export default async function PatternsPage({ searchParams }: Props) {
  await requirePageUser("viewer", "/review/patterns");
  const sp = await searchParams;
  const features = await listFeatures();
  const feature = features.find((f) => f.key === one(sp.feature)) ?? features[0];
  if (!feature) return <p className="text-slate-600">No features yet.</p>;
  const tag = one(sp.tag)?.slice(0, 40);
  const [patterns, tagged] = await Promise.all([tagPatterns(feature.id, Date.now(), WEEKS), tag ? outputsWithTag(feature.id, tag) : null]);
  const q = (extra: string) => `/review/patterns?feature=${encodeURIComponent(feature.key)}${extra}`;
  const weekOfReview = (at: number) => {
    const day = Math.floor(at / DAY_MS) * DAY_MS;
    return `/review?feature=${encodeURIComponent(feature.key)}&from=${utcDay(day - 3 * DAY_MS)}&to=${utcDay(day + 3 * DAY_MS)}`;
  };

  return (
    <section className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">Failure patterns</h1>
        <p className="text-sm text-slate-600">
          Tagged outputs of {feature.name} per week (weeks start Monday, UTC; an output counts in the week it was produced).
        </p>
      </div>
      <ReviewNav current="/review/patterns" featureKey={feature.key} />
      <ReviewPicker features={features} featureKey={feature.key} action="/review/patterns" />

      <ChartCard
        title="Tags per week"
        finding={patterns.tags.length > 6 ? `The ${6} most used of ${patterns.tags.length} tags; the table lists all.` : undefined}
        empty={patterns.tags.length === 0 ? `No outputs of ${feature.name} were tagged in the last ${WEEKS} weeks.` : null}
      >
        <TagTrendChart weeks={patterns.weeks.map(weekLabel)} tags={patterns.tags} />
      </ChartCard>

      {patterns.tags.length > 0 && (
        <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="cards w-full text-sm">
            <caption className="sr-only">Tagged outputs per tag and week</caption>
            <thead className="bg-slate-100 text-slate-700">
              <tr>
                <th scope="col" className={th}>
                  Tag
                </th>
                <th scope="col" className={th}>
                  Total
                </th>
                {patterns.weeks.map((w) => (
                  <th key={w} scope="col" className={`${th} whitespace-nowrap tabular-nums`}>
                    {weekLabel(w)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {patterns.tags.map((t) => (
                <tr key={t.tag} className={`border-t border-slate-100 ${t.tag === tag ? "bg-sky-50" : ""}`}>
                  <th scope="row" className={`${td} text-left font-medium`}>
                    <Link href={q(`&tag=${encodeURIComponent(t.tag)}`)} className="text-sky-800 underline underline-offset-2">
                      {t.tag}
                    </Link>
                  </th>
                  <td className={`${td} tabular-nums`}>{t.total}</td>
                  {t.counts.map((c, i) => (
                    <td key={i} className={`${td} tabular-nums ${c === 0 ? "text-slate-400" : ""}`}>
                      {c}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {tag && tagged && (
        <section aria-labelledby="tagged-outputs" className="space-y-2">
          <h2 id="tagged-outputs" className="text-lg font-semibold">
            Outputs tagged “{tag}” ({tagged.length})
          </h2>
          {tagged.length === 0 ? (
            <p className="text-sm text-slate-600">No output carries this tag.</p>
          ) : (
            <ul className="space-y-2">
              {tagged.map((o) => (
                <li key={o.id} className="rounded-lg border border-slate-200 bg-white p-3 text-sm">
                  <div className="flex flex-wrap gap-x-4 gap-y-1 text-slate-700">
                    <span className="font-mono">{o.clientId}</span>
                    <LocalTime at={o.at} />
                    <span>confidence {percent(o.confidence)}</span>
                    <span>tags: {o.tags.join(", ")}</span>
                    <Link href={weekOfReview(o.at)} className="ml-auto text-sky-800 underline underline-offset-2">
                      Open its week in the review
                    </Link>
                  </div>
                  <div className="mt-1">
                    <FoldingText text={o.output} label="Output" />
                  </div>
                  {o.note && <p className="mt-1 whitespace-pre-wrap break-words text-slate-800">Note: {o.note}</p>}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </section>
  );
}
