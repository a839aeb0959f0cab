// The numbers behind a chart, collapsed under it: readable by screen readers, keyboards and tests.

export interface Column<T> {
  header: string;
  cell: (row: T) => string;
  numeric?: boolean;
}

export function DataTable<T>({
  caption,
  columns,
  rows,
  empty = "No rows",
}: {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  empty?: string;
}) {
  return (
    <details className="mt-2 text-sm">
      <summary className="cursor-pointer rounded text-slate-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-sky-700">
        Show data table
      </summary>
      <div className="mt-2 max-h-72 overflow-auto rounded border border-slate-200">
        <table className="w-full text-xs">
          <caption className="sr-only">{caption}</caption>
          <thead className="sticky top-0 bg-slate-100 text-left text-slate-700">
            <tr>
              {columns.map((c) => (
                <th key={c.header} scope="col" className={`px-2 py-1 font-medium ${c.numeric ? "text-right" : ""}`}>
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={columns.length} className="px-2 py-2 text-slate-600">
                  {empty}
                </td>
              </tr>
            ) : (
              rows.map((r, i) => (
                <tr key={i} className="border-t border-slate-100">
                  {columns.map((c) => (
                    <td key={c.header} className={`px-2 py-1 ${c.numeric ? "text-right tabular-nums" : ""}`}>
                      {c.cell(r)}
                    </td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </details>
  );
}
