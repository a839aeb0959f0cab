"use client";

// The box every chart's tooltip uses: a title line and label/value rows.
export function TooltipBox({ title, rows }: { title: string; rows: [string, string][] }) {
  return (
    <div className="rounded border border-slate-300 bg-white px-3 py-2 text-xs text-slate-800 shadow-md">
      <div className="mb-1 font-semibold">{title}</div>
      {rows.map(([label, value]) => (
        <div key={label} className="flex justify-between gap-4">
          <span className="text-slate-600">{label}</span>
          <span className="tabular-nums">{value}</span>
        </div>
      ))}
    </div>
  );
}
