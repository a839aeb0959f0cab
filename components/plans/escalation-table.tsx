import type { EscalationRow } from "@/lib/domain/escalation";

// The escalation table: phase × users × guardrails × reasoning (and what it takes to move on).

export function EscalationTable({
  rows,
  currentKey,
  caption = "Escalation plan: who gets the feature in each phase, under which guardrails, and why",
}: {
  rows: EscalationRow[];
  currentKey?: string | null;
  caption?: string;
}) {
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="cards w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-100 text-left text-slate-700">
          <tr>
            {["Phase", "Users", "Guardrails", "Reasoning", "To move on"].map((h) => (
              <th key={h} scope="col" className="px-3 py-2 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={r.key} className={`border-t border-slate-100 align-top ${r.key === currentKey ? "bg-blue-50" : ""}`}>
              <th scope="row" className="px-3 py-2 text-left font-medium text-slate-900">
                <span className="text-slate-500">{i + 1}.</span> {r.name}
                {r.key === currentKey && (
                  <span className="ml-1 rounded border border-blue-700 px-1 text-xs font-semibold text-blue-800">current</span>
                )}
                <div className="font-mono text-xs font-normal text-slate-500">{r.key}</div>
              </th>
              <td className="px-3 py-2">{r.users}</td>
              <td className="px-3 py-2">
                <ul className="list-disc space-y-0.5 pl-4">
                  {r.guardrails.length === 0 ? <li>none</li> : r.guardrails.map((g) => <li key={g}>{g}</li>)}
                </ul>
              </td>
              <td className="max-w-xs px-3 py-2 text-slate-700">{r.reasoning || <span className="text-slate-500">—</span>}</td>
              <td className="px-3 py-2">
                {i === rows.length - 1 ? (
                  <span className="text-slate-600">last phase</span>
                ) : (
                  <ul className="list-disc space-y-0.5 pl-4">
                    {r.exit.map((x) => (
                      <li key={x}>{x}</li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
