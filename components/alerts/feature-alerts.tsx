import Link from "next/link";
import type { AlertView } from "@/lib/read/alert-list";
import { AlertTable } from "./alert-table";

/** The feature page's "Alerts" section: what is open or acknowledged now, and a way to all of them. */
export function FeatureAlerts({
  featureKey,
  alerts,
  canAcknowledge,
}: {
  featureKey: string;
  alerts: AlertView[];
  canAcknowledge: boolean;
}) {
  const current = alerts.filter((a) => a.status !== "resolved");
  return (
    <section aria-labelledby="feature-alerts-heading" className="space-y-2">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="feature-alerts-heading" className="text-lg font-semibold text-slate-900">
          Alerts {current.length > 0 && <span className="text-base font-normal text-slate-600">({current.length} not resolved)</span>}
        </h2>
        <Link
          href={`/alerts?feature=${encodeURIComponent(featureKey)}`}
          className="text-sm text-sky-800 underline-offset-2 hover:underline"
        >
          All alerts of this feature →
        </Link>
      </div>
      {current.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white p-3 text-sm text-slate-700">
          No open or acknowledged alerts: every rule&apos;s evidence is within its limits.
        </p>
      ) : (
        <AlertTable alerts={current} caption="Open and acknowledged alerts" showFeature={false} canAcknowledge={canAcknowledge} />
      )}
    </section>
  );
}
