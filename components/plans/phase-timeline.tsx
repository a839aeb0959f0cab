import { LocalTime } from "@/components/ui/local-time";
import type { PhaseRunRow } from "@/lib/read/phase-runs";

// When each phase started and ended. Every run is listed, so a phase entered again after a
// rollback shows twice. State is in words and symbols, never colour alone.

const DAY_MS = 86_400_000;
const days = (ms: number) => `${Number((ms / DAY_MS).toFixed(1))} d`;

export function PhaseTimeline({
  phases,
  runs,
  currentKey,
  now,
  compact = false,
}: {
  phases: { key: string; name: string }[];
  runs: PhaseRunRow[];
  currentKey: string | null;
  now: number;
  compact?: boolean;
}) {
  const reached = new Set(runs.map((r) => r.phaseKey));
  return (
    <section aria-labelledby="timeline-heading" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="timeline-heading" className="text-base font-semibold text-slate-900">
        Phase timeline
      </h2>
      <ol className="mt-3 flex flex-wrap items-stretch gap-2" aria-label="Phases in order">
        {phases.map((p, i) => {
          const state = p.key === currentKey ? "current" : reached.has(p.key) ? "done" : "upcoming";
          const phaseRuns = runs.filter((r) => r.phaseKey === p.key);
          const last = phaseRuns.at(-1);
          return (
            <li
              key={p.key}
              className={`min-w-40 flex-1 rounded border px-3 py-2 text-sm ${state === "current" ? "border-2 border-blue-700 bg-blue-50" : state === "done" ? "border-slate-300 bg-slate-50" : "border-dashed border-slate-300 bg-white text-slate-600"}`}
            >
              <div className="flex items-center gap-1.5 font-medium text-slate-900">
                <span aria-hidden="true">{state === "current" ? "▶" : state === "done" ? "✓" : "○"}</span>
                {i + 1}. {p.name}
              </div>
              <div className="text-xs text-slate-700">
                {state === "current" ? "current" : state === "done" ? "done" : "not started"}
                {last && (
                  <>
                    {" · "}
                    <LocalTime at={last.startedAt} dateOnly /> → {last.endedAt ? <LocalTime at={last.endedAt} dateOnly /> : "now"}
                  </>
                )}
              </div>
            </li>
          );
        })}
      </ol>
      {!compact && runs.length > 0 && (
        <div className="relative mt-4 overflow-x-auto">
          <table className="cards w-full text-sm">
            <caption className="sr-only">Every run of a phase, oldest first</caption>
            <thead className="text-left text-slate-700">
              <tr>
                {["Phase", "Started", "Ended", "Time in phase", "How it ended", "Started by"].map((h) => (
                  <th key={h} scope="col" className="px-2 py-1 font-medium">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id} className="border-t border-slate-100">
                  <td className="px-2 py-1 font-medium">{r.phaseName}</td>
                  <td className="whitespace-nowrap px-2 py-1">
                    <LocalTime at={r.startedAt} />
                  </td>
                  <td className="whitespace-nowrap px-2 py-1">{r.endedAt ? <LocalTime at={r.endedAt} /> : "— (current)"}</td>
                  <td className="px-2 py-1">{days((r.endedAt?.getTime() ?? now) - r.startedAt.getTime())}</td>
                  <td className="px-2 py-1">
                    {r.outcome === "advanced" ? "↗ advanced" : r.outcome === "rolled_back" ? "↩ rolled back" : "running"}
                  </td>
                  <td className="px-2 py-1 text-slate-600">{r.startedBy}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
