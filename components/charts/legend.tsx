// A legend in HTML (readable, wraps on a phone) with small SVG swatches matching the chart marks.

export type Swatch =
  | { kind: "line"; color: string; dash?: string; width?: number }
  | { kind: "dot"; color: string; hollow?: boolean }
  | { kind: "band"; color: string; opacity?: number }
  | { kind: "bar"; color: string };

function SwatchIcon({ s }: { s: Swatch }) {
  return (
    <svg width="22" height="12" aria-hidden="true" className="shrink-0">
      {s.kind === "line" && <line x1="1" y1="6" x2="21" y2="6" stroke={s.color} strokeWidth={s.width ?? 2} strokeDasharray={s.dash} />}
      {s.kind === "dot" && (
        <circle
          cx="11"
          cy="6"
          r="4"
          fill={s.hollow ? "#fff" : s.color}
          stroke={s.color}
          strokeWidth="1.5"
          strokeDasharray={s.hollow ? "2 1.5" : undefined}
        />
      )}
      {s.kind === "band" && <rect x="1" y="1" width="20" height="10" fill={s.color} opacity={s.opacity ?? 0.2} />}
      {s.kind === "bar" && <rect x="5" y="1" width="12" height="10" fill={s.color} />}
    </svg>
  );
}

export function ChartLegend({ items }: { items: { swatch: Swatch; label: string }[] }) {
  return (
    <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700">
      {items.map((i) => (
        <li key={i.label} className="flex items-center gap-1.5">
          <SwatchIcon s={i.swatch} />
          {i.label}
        </li>
      ))}
    </ul>
  );
}
