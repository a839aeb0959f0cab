import { GUARDRAIL_IDS, GUARDRAIL_NAMES, phaseGuardrails } from "@/lib/domain/phase-guardrails";
import type { PhasePlan } from "@/lib/domain/plan";

// Which of the five guardrails are on in each phase — read off the plan, never typed twice.

export function GuardrailMatrix({ plan, currentKey }: { plan: PhasePlan[]; currentKey: string | null }) {
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-sm">
        <caption className="sr-only">Guardrails on in each phase, derived from the phase plan</caption>
        <thead className="bg-slate-100 text-left text-slate-700">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              Phase
            </th>
            {GUARDRAIL_IDS.map((id) => (
              <th key={id} scope="col" className="px-3 py-2 font-medium">
                {GUARDRAIL_NAMES[id]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {plan.map((p) => (
            <tr key={p.key} className={`border-t border-slate-100 align-top ${p.key === currentKey ? "bg-blue-50" : ""}`}>
              <th scope="row" className="px-3 py-2 text-left font-medium">
                {p.name}
                {p.key === currentKey && <span className="sr-only"> (current)</span>}
              </th>
              {phaseGuardrails(p).map((g) => (
                <td key={g.id} className="px-3 py-2">
                  <span className={g.on ? "font-semibold text-slate-900" : "text-slate-500"}>
                    <span aria-hidden="true">{g.on ? "✓ " : "– "}</span>
                    {g.on ? "On" : "Off"}
                  </span>
                  <div className="text-xs text-slate-600">{g.detail}</div>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
