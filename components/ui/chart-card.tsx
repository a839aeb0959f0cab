// A chart's frame: a heading, the finding in words, the chart (or a designed empty state), and
// whatever follows (legend, data table).

export function ChartCard({
  title,
  finding,
  empty,
  children,
  className = "",
}: {
  title: string;
  finding?: React.ReactNode;
  /** when set, shown instead of the chart */
  empty?: string | null;
  children: React.ReactNode;
  className?: string;
}) {
  const id = `chart-${title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  return (
    <section aria-labelledby={id} className={`min-w-0 rounded-lg border border-slate-200 bg-white p-4 ${className}`}>
      <h2 id={id} className="text-base font-semibold text-slate-900">
        {title}
      </h2>
      {finding && <p className="mt-1 text-sm text-slate-700">{finding}</p>}
      <div className="mt-3">
        {empty ? (
          <div className="flex h-40 items-center justify-center rounded border border-dashed border-slate-300 bg-slate-50 px-4 text-center text-sm text-slate-600">
            {empty}
          </div>
        ) : (
          children
        )}
      </div>
    </section>
  );
}
