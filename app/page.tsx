import { AutoRefresh } from "@/components/dashboard/auto-refresh";
import { OverviewTable } from "@/components/dashboard/overview-table";
import { requirePageUser } from "@/lib/auth";
import { featureOverview } from "@/lib/read/overview";

export const dynamic = "force-dynamic";

export default async function OverviewPage() {
  await requirePageUser("viewer", "/"); // the proxy's redirect is a convenience, not the check
  const rows = await featureOverview();
  return (
    <section>
      <div className="mb-4 flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">Features</h1>
        <p className="text-sm text-slate-600">Last 24 hours · trouble first · state live, figures every 10 s</p>
      </div>
      <AutoRefresh />
      {rows.length === 0 ? (
        <p className="rounded border border-dashed border-slate-300 bg-white p-6 text-slate-600">
          No features yet. Create one with <code>npm run rollguard -- feature create</code> or start with demo data.
        </p>
      ) : (
        <OverviewTable rows={rows} />
      )}
    </section>
  );
}
