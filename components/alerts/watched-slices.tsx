import { SIGNAL_LABELS } from "@/components/rules/rule-fields";
import type { SequentialSignal } from "@/lib/domain/sequential-rule";

// The feature page's "Watched slices": every slice each sequential rule watches now, with its
// verdict in words — including where traffic is too low to notice a 10-point drop in useful time,
// and "not enough data" where a slice has no normal yet — so silence is never mistaken for health.

export interface WatchedRule {
  name: string;
  metric: string;
  slices: { slice: string; label: string; status: string; state: string; message: string; delay10: number | null }[];
}

const STATE_TEXT: Record<string, string> = { ok: "ok", watch: "watch", breach: "breach", insufficient: "not enough data" };

const ATTENTION = new Set(["watch", "breach"]);

/** "14 ok, 2 not enough data" — the verdicts of every watched slice, worst first. */
function tally(rules: WatchedRule[]): string {
  const counts = new Map<string, number>();
  for (const r of rules) for (const s of r.slices) counts.set(s.state, (counts.get(s.state) ?? 0) + 1);
  return ["breach", "watch", "insufficient", "ok"]
    .filter((state) => counts.has(state))
    .map((state) => `${counts.get(state)} ${STATE_TEXT[state]}`)
    .join(", ");
}

function SliceTable({ rules, caption }: { rules: WatchedRule[]; caption: string }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="cards w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-100 text-slate-700">
          <tr>
            {["Rule", "Slice", "Now", "In words"].map((h) => (
              <th key={h} scope="col" className="px-3 py-2 text-left font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rules.flatMap((r) =>
            r.slices.map((s) => (
              <tr key={`${r.name}/${s.slice}`} className="border-t border-slate-100">
                <td className="px-3 py-2">
                  <div className="font-medium text-slate-900">{r.name}</div>
                  <div className="text-xs text-slate-600">{SIGNAL_LABELS[r.metric as SequentialSignal] ?? r.metric}</div>
                </td>
                <td className="px-3 py-2">{s.label}</td>
                <td className={`px-3 py-2 ${ATTENTION.has(s.state) ? "font-semibold text-red-800" : ""}`}>
                  {STATE_TEXT[s.state] ?? s.state}
                </td>
                <td className="px-3 py-2 text-slate-700">{s.message}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Slices that need attention (watch, breach) in a table of their own; every watched slice, with
 * its verdict and what its traffic can detect, one click away — a feature with four phases and
 * a dozen segments watches dozens, and the page is about the charts.
 */
export function WatchedSlices({ rules }: { rules: WatchedRule[] }) {
  const shown = rules.filter((r) => r.slices.length > 0);
  const attention = shown.map((r) => ({ ...r, slices: r.slices.filter((s) => ATTENTION.has(s.state)) })).filter((r) => r.slices.length > 0);
  const total = shown.reduce((n, r) => n + r.slices.length, 0);
  return (
    <section aria-labelledby="watched-slices-heading" className="space-y-2">
      <h2 id="watched-slices-heading" className="text-lg font-semibold text-slate-900">
        Watched slices
      </h2>
      {shown.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white p-3 text-sm text-slate-700">
          No slice has traffic yet: nothing is being watched.
        </p>
      ) : (
        <>
          <p className="text-sm text-slate-700">
            {shown.length} sequential {shown.length === 1 ? "rule watches" : "rules watch"} {total} {total === 1 ? "slice" : "slices"}{" "}
            (every phase and segment with traffic): {tally(shown)}.
          </p>
          {attention.length > 0 && <SliceTable rules={attention} caption="Watched slices that need attention now" />}
          <details className="group">
            <summary className="cursor-pointer text-sm text-sky-800 underline-offset-2 hover:underline">
              Every watched slice, with what its traffic can detect
            </summary>
            <div className="mt-2">
              <SliceTable rules={shown} caption="Every slice the sequential rules watch, with its verdict now" />
            </div>
          </details>
        </>
      )}
    </section>
  );
}
