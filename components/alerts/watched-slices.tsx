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

export function WatchedSlices({ rules }: { rules: WatchedRule[] }) {
  const shown = rules.filter((r) => r.slices.length > 0);
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
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-sm">
            <caption className="sr-only">Every slice the sequential rules watch, with its verdict now</caption>
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
              {shown.flatMap((r) =>
                r.slices.map((s) => (
                  <tr key={`${r.name}/${s.slice}`} className="border-t border-slate-100">
                    <td className="px-3 py-2">
                      <div className="font-medium text-slate-900">{r.name}</div>
                      <div className="text-xs text-slate-600">{SIGNAL_LABELS[r.metric as SequentialSignal] ?? r.metric}</div>
                    </td>
                    <td className="px-3 py-2">{s.label}</td>
                    <td className="px-3 py-2">{STATE_TEXT[s.state] ?? s.state}</td>
                    <td className="px-3 py-2 text-slate-700">{s.message}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
