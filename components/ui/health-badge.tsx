import { HEALTH_LABELS, type Health } from "@/lib/domain/feature-health";

// Health with an icon and a word; the colours follow the Okabe–Ito hues used by the charts.

const STYLES: Record<Health, { icon: string; className: string }> = {
  alerting: { icon: "▲", className: "border-orange-800 bg-orange-100 text-orange-950" },
  failing: { icon: "▼", className: "border-orange-800 bg-orange-100 text-orange-950" },
  paused: { icon: "❚❚", className: "border-amber-700 bg-amber-100 text-amber-950" },
  watch: { icon: "◆", className: "border-amber-600 bg-amber-50 text-amber-900" },
  healthy: { icon: "✓", className: "border-sky-700 bg-sky-50 text-sky-900" },
  "no-data": { icon: "○", className: "border-slate-400 bg-white text-slate-700" },
  completed: { icon: "✓", className: "border-slate-400 bg-slate-100 text-slate-700" },
};

export function HealthBadge({ health }: { health: Health }) {
  const s = STYLES[health];
  return (
    <span className={`inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-xs font-medium ${s.className}`}>
      <span aria-hidden="true" className="text-[10px]">
        {s.icon}
      </span>
      {HEALTH_LABELS[health]}
    </span>
  );
}
