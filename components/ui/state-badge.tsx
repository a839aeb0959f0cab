// A feature's state in words and shape, never colour alone: paused is loud on purpose.

const STYLES: Record<string, { label: string; icon: string; className: string }> = {
  running: { label: "Running", icon: "●", className: "border-sky-700 bg-sky-50 text-sky-900" },
  paused: {
    label: "Paused",
    icon: "❚❚",
    className: "border-2 border-amber-700 bg-amber-100 font-bold uppercase tracking-wide text-amber-950",
  },
  completed: { label: "Completed", icon: "✓", className: "border-slate-500 bg-slate-100 text-slate-800" },
};

export function StateBadge({ state }: { state: string }) {
  const s = STYLES[state] ?? { label: state, icon: "?", className: "border-slate-400 bg-white text-slate-800" };
  return (
    <span className={`inline-flex items-center gap-1.5 rounded border px-2 py-0.5 text-xs ${s.className}`}>
      <span aria-hidden="true" className="text-[10px]">
        {s.icon}
      </span>
      {s.label}
    </span>
  );
}
