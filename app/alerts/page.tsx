import Link from "next/link";
import { AlertTable } from "@/components/alerts/alert-table";
import { inputClass, labelClass, primaryButton, secondaryButton } from "@/components/admin/form-styles";
import { requirePageUser } from "@/lib/auth";
import { listAlertViews } from "@/lib/read/alert-list";
import { listFeatures } from "@/lib/data/features";
import { hasRole } from "@/lib/domain/roles";
import { ZAlertsPageQuery } from "@/lib/schemas/alerts";

export const dynamic = "force-dynamic";
export const metadata = { title: "Alerts" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

// Every feature's alerts: open ones first, filterable by feature and status. Everyone signed in
// reads them; operators acknowledge (the action checks the role again).
export default async function AlertsPage({ searchParams }: Props) {
  const user = await requirePageUser("viewer", "/alerts");
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, first(v)]));
  const q = ZAlertsPageQuery.parse(raw);
  const [alerts, features] = await Promise.all([listAlertViews({ feature: q.feature, status: q.status }), listFeatures()]);
  const unresolved = alerts.filter((a) => a.status !== "resolved").length;
  const filtered = Boolean(q.feature || q.status);
  return (
    <section className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Alerts</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          An alert opens when a rule&apos;s evidence says so — for rates, when the whole 95 % interval is past the line with enough samples
          — and resolves once the condition has been clear for a full window. Acknowledge an open alert to say someone is on it.
        </p>
      </div>
      <form
        method="get"
        action="/alerts"
        aria-label="Filter alerts"
        className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4"
      >
        <div>
          <label htmlFor="alerts-feature" className={labelClass}>
            Feature
          </label>
          <select id="alerts-feature" name="feature" defaultValue={q.feature ?? ""} className={inputClass}>
            <option value="">All features</option>
            {features.map((f) => (
              <option key={f.key} value={f.key}>
                {f.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="alerts-status" className={labelClass}>
            Status
          </label>
          <select id="alerts-status" name="status" defaultValue={q.status ?? ""} className={inputClass}>
            <option value="">Any status</option>
            <option value="open">Open</option>
            <option value="acknowledged">Acknowledged</option>
            <option value="resolved">Resolved</option>
          </select>
        </div>
        <button type="submit" className={primaryButton}>
          Filter
        </button>
        {filtered && (
          <Link href="/alerts" className={secondaryButton}>
            Clear
          </Link>
        )}
      </form>
      <p className="text-sm text-slate-700">
        {alerts.length === 0
          ? filtered
            ? "No alerts match these filters."
            : "No alerts yet: every rule's evidence is within its limits."
          : `${alerts.length} ${alerts.length === 1 ? "alert" : "alerts"}${alerts.length >= 200 ? " (the newest 200)" : ""}, ${unresolved} not resolved.`}
      </p>
      {alerts.length > 0 && <AlertTable alerts={alerts} caption="Alerts" showFeature canAcknowledge={hasRole(user.role, "operator")} />}
    </section>
  );
}
