// An alert's status in a word and a shape, never colour alone.

const STYLES: Record<string, { label: string; icon: string; className: string }> = {
  open: { label: "Open", icon: "▲", className: "border-2 border-orange-800 bg-orange-100 font-semibold text-orange-950" },
  acknowledged: { label: "Acknowledged", icon: "◆", className: "border-amber-600 bg-amber-50 text-amber-900" },
  resolved: { label: "Resolved", icon: "✓", className: "border-slate-400 bg-white text-slate-700" },
};

export function AlertStatusBadge({ status }: { status: string }) {
  const s = STYLES[status] ?? { label: status, icon: "?", className: "border-slate-400 bg-white text-slate-700" };
  return (
    <span className={`inline-flex items-center gap-1 whitespace-nowrap rounded border px-2 py-0.5 text-xs ${s.className}`}>
      <span aria-hidden="true" className="text-[10px]">
        {s.icon}
      </span>
      {s.label}
    </span>
  );
}
