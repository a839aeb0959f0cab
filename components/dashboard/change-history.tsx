import Link from "next/link";
import { LocalTime } from "@/components/ui/local-time";
import type { FeatureChange } from "@/lib/domain/feature-changes";
import { changeSource } from "@/lib/format/change-source";

// The feature page's change history, for every role: what was changed, by whom, when and why —
// the same changes are marked C1, C2 … on the accuracy chart.

const SHOWN = 15;

export function ChangeHistory({ changes, auditHref }: { changes: FeatureChange[]; auditHref: string | null }) {
  return (
    <section aria-labelledby="change-history-heading" className="space-y-2">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="change-history-heading" className="text-lg font-semibold text-slate-900">
          Change history
        </h2>
        {auditHref && (
          <Link href={auditHref} className="text-sm text-sky-800 underline-offset-2 hover:underline">
            In the audit log →
          </Link>
        )}
      </div>
      {changes.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white p-3 text-sm text-slate-700">No changes in the last 30 days.</p>
      ) : (
        <div className="rounded-lg border border-slate-200 bg-white text-sm">
          <ChangeList changes={changes.slice(0, SHOWN)} />
          {changes.length > SHOWN && (
            <details className="border-t border-slate-100">
              <summary className="cursor-pointer px-3 py-2 text-sky-800">
                Show {changes.length - SHOWN} earlier {changes.length - SHOWN === 1 ? "change" : "changes"} in the last 30 days
              </summary>
              <ChangeList changes={changes.slice(SHOWN)} />
            </details>
          )}
        </div>
      )}
    </section>
  );
}

function ChangeList({ changes }: { changes: FeatureChange[] }) {
  return (
    <ol className="divide-y divide-slate-100">
      {changes.map((c) => (
        <li key={c.id} className="flex flex-wrap gap-x-3 gap-y-0.5 px-3 py-2">
          <LocalTime at={c.at} className="tabular-nums text-slate-600" />
          <span>
            <strong className="font-medium text-slate-900">{c.title}</strong>
            {c.detail ? ` (${c.detail})` : ""} {changeSource(c)}
            {c.reason ? <span className="text-slate-700">: {c.reason}</span> : null}
          </span>
        </li>
      ))}
    </ol>
  );
}
