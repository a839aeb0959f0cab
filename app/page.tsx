import Link from "next/link";
import { featureOverview } from "@/lib/data/overview";
import { count, interval, percent } from "@/lib/format/numbers";

export const dynamic = "force-dynamic";

export default async function OverviewPage() {
  const rows = await featureOverview();
  return (
    <section>
      <h1 className="mb-4 text-2xl font-semibold">Features</h1>
      {rows.length === 0 ? (
        <p className="rounded border border-dashed border-slate-300 bg-white p-6 text-slate-600">
          No features yet. Create one with <code>npm run rollguard -- feature create</code> or start with demo data.
        </p>
      ) : (
        <table className="w-full overflow-hidden rounded-lg border border-slate-200 bg-white text-sm">
          <thead className="bg-slate-100 text-left text-slate-600">
            <tr>
              <th className="px-3 py-2">Feature</th>
              <th className="px-3 py-2">State</th>
              <th className="px-3 py-2">Phase</th>
              <th className="px-3 py-2">Accuracy (24 h)</th>
              <th className="px-3 py-2">Thumbs down</th>
              <th className="px-3 py-2">Tickets</th>
              <th className="px-3 py-2">Outputs</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ feature: f, totals: t }) => (
              <tr key={f.key} className="border-t border-slate-100">
                <td className="px-3 py-2">
                  <Link href={`/features/${f.key}`} className="font-medium text-blue-700 hover:underline">
                    {f.name}
                  </Link>
                  <div className="text-xs text-slate-500">{f.key}</div>
                </td>
                <td className="px-3 py-2 capitalize">{f.state}</td>
                <td className="px-3 py-2">
                  {f.currentPhase ? `${f.currentPhase.name} · ${f.currentPhase.audiencePercent} %` : "—"}
                </td>
                <td className="px-3 py-2">
                  <div className="font-medium">{percent(t.accuracy.value)}</div>
                  <div className="text-xs text-slate-500">{interval(t.accuracy.lower, t.accuracy.upper, t.accuracy.n)}</div>
                </td>
                <td className="px-3 py-2">
                  {percent(t.thumbsDownRate.value)} <span className="text-xs text-slate-500">n={count(t.thumbsDownRate.n)}</span>
                </td>
                <td className="px-3 py-2">
                  {count(t.tickets)}
                  {t.criticalTickets > 0 && <span className="ml-1 text-xs text-orange-700">({t.criticalTickets} critical)</span>}
                </td>
                <td className="px-3 py-2">{count(t.outputs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
