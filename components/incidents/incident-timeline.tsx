import { LocalTime } from "@/components/ui/local-time";
import type { TimelineEntry, TimelineKind } from "@/lib/domain/incidents";

// What happened, in order, with who and why: read top to bottom during and after an incident.

const MARK: Record<TimelineKind, { icon: string; className: string }> = {
  first_breach: { icon: "▲", className: "border-orange-800 bg-orange-100 text-orange-950" },
  alert: { icon: "▲", className: "border-orange-700 bg-orange-50 text-orange-950" },
  paused: { icon: "❚❚", className: "border-amber-700 bg-amber-100 text-amber-950" },
  acknowledged: { icon: "◆", className: "border-amber-600 bg-amber-50 text-amber-900" },
  resumed: { icon: "▶", className: "border-sky-800 bg-sky-50 text-sky-900" },
  resolved: { icon: "✓", className: "border-slate-400 bg-white text-slate-700" },
};

export function IncidentTimeline({ entries }: { entries: TimelineEntry[] }) {
  return (
    <ol aria-label="Incident timeline" className="relative space-y-3 border-l-2 border-slate-200 pl-5">
      {entries.map((e, i) => (
        <li key={i} className="relative">
          <span
            aria-hidden="true"
            className={`absolute -left-[1.95rem] top-0.5 inline-flex h-5 w-5 items-center justify-center rounded-full border text-[9px] ${MARK[e.kind].className}`}
          >
            {MARK[e.kind].icon}
          </span>
          <div className="flex flex-wrap items-baseline gap-x-2 text-sm">
            <strong className="text-slate-900">{e.title}</strong>
            <LocalTime at={e.at} className="text-xs text-slate-600" />
          </div>
          {e.who && <p className="text-sm text-slate-700">by {e.who}</p>}
          {e.detail && <p className="break-words text-sm text-slate-700">{e.detail}</p>}
        </li>
      ))}
    </ol>
  );
}
