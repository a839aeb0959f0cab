import { LocalTime } from "@/components/ui/local-time";
import type { GraduationReport } from "@/lib/read/graduation";
import type { CriterionStatus } from "@/lib/domain/graduation";
import type { InputTypeVerdict } from "@/lib/domain/input-type-evidence";
import { rateText } from "@/lib/format/rate";

// "Ready to advance?" for the current phase: each criterion with its evidence (value, 95 %
// interval, sample size) and a verdict in words and symbols, plus time in phase.

const STATUS: Record<CriterionStatus | "waiting", { icon: string; label: string; className: string }> = {
  met: { icon: "✓", label: "Met", className: "border-slate-400 bg-white text-slate-900" },
  not_met: { icon: "✗", label: "Not met", className: "border-2 border-orange-700 bg-orange-50 font-semibold text-orange-950" },
  insufficient: { icon: "?", label: "Not enough evidence", className: "border-dashed border-slate-500 bg-slate-50 text-slate-800" },
  waiting: { icon: "◔", label: "Not yet", className: "border-dashed border-slate-500 bg-slate-50 text-slate-800" },
};

function Verdict({ status }: { status: keyof typeof STATUS }) {
  const s = STATUS[status];
  return (
    <span className={`inline-flex items-center gap-1 whitespace-nowrap rounded border px-1.5 py-0.5 text-xs ${s.className}`}>
      <span aria-hidden="true">{s.icon}</span>
      {s.label}
    </span>
  );
}

export function GraduationPanel({ report, controls }: { report: GraduationReport; controls?: React.ReactNode }) {
  const { phase, next, graduation: g, blockers } = report;
  if (!phase || !g) return null;
  const ready = g.ready && blockers.length === 0;
  return (
    <section
      aria-labelledby="graduation-heading"
      className={`rounded-lg border bg-white p-4 ${ready ? "border-2 border-blue-700" : "border-slate-200"}`}
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 id="graduation-heading" className="text-base font-semibold text-slate-900">
            Graduation: {phase.name}
            {next && <span className="font-normal text-slate-600"> → {next.name}</span>}
          </h2>
          <p role="status" aria-live="polite" className="mt-1 text-sm font-medium" data-testid="graduation-verdict">
            {ready ? (
              <span className="text-blue-900">✓ Ready to advance to {next!.name}</span>
            ) : g.ready ? (
              <span>Criteria met, but: {blockers.join(" ")}</span>
            ) : (
              <span className="text-orange-900">
                ✗ Not ready to advance — {g.missing.length} item{g.missing.length === 1 ? "" : "s"} missing
              </span>
            )}
          </p>
          <p className="mt-0.5 text-xs text-slate-600">
            Evidence from this run of the phase (since {phase.startedAt ? <LocalTime at={phase.startedAt} /> : "—"}):{" "}
            {report.counts.outputs.toLocaleString("en-US")} outputs, {report.counts.labelled.toLocaleString("en-US")} labels.
          </p>
        </div>
        {controls}
      </div>
      <div className="relative mt-3 overflow-x-auto">
        <table className="cards w-full text-sm">
          <caption className="sr-only">Success criteria of {phase.name}, judged on live data</caption>
          <thead className="text-left text-slate-700">
            <tr>
              {["Criterion", "Verdict", "Evidence", "Sample"].map((h) => (
                <th key={h} scope="col" className="px-2 py-1 font-medium">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {g.criteria.map((c) => (
              <tr key={c.id} className="border-t border-slate-100 align-top">
                <th scope="row" className="px-2 py-1.5 text-left font-medium">
                  {c.label}
                </th>
                <td className="px-2 py-1.5">
                  <Verdict status={c.status} />
                </td>
                <td className="px-2 py-1.5 text-slate-700">{c.message}</td>
                <td className="px-2 py-1.5 tabular-nums text-slate-700">
                  {c.sampleSize === null ? "—" : `n = ${c.sampleSize.toLocaleString("en-US")}`}
                </td>
              </tr>
            ))}
            <tr className="border-t border-slate-100 align-top">
              <th scope="row" className="px-2 py-1.5 text-left font-medium">
                At least {g.duration.minDays} days in phase
              </th>
              <td className="px-2 py-1.5">
                <Verdict status={g.duration.status === "met" ? "met" : "waiting"} />
              </td>
              <td className="px-2 py-1.5 text-slate-700">{g.duration.message}</td>
              <td className="px-2 py-1.5">—</td>
            </tr>
          </tbody>
        </table>
      </div>
      <InputTypeTable report={report} />
      {blockers.length > 0 && (
        <ul className="mt-2 list-disc pl-5 text-sm text-slate-700">
          {blockers.map((b) => (
            <li key={b}>{b}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

const INPUT_VERDICT: Record<InputTypeVerdict, keyof typeof STATUS> = { holds: "met", below: "not_met", insufficient: "insufficient" };

/** Accuracy by input type in this run of the phase, so that enabling the next kind of task is a decision on evidence. */
function InputTypeTable({ report }: { report: GraduationReport }) {
  const { phase, next, byInputType: rows } = report;
  if (!phase || rows.length === 0) return null;
  const floor = `${Number((phase.successCriteria.accuracyMin * 100).toFixed(1))} %`;
  const yesNo = (b: boolean | null) => (b === null ? "—" : b ? "yes" : "no");
  return (
    <div className="mt-4 overflow-x-auto">
      <h3 className="text-sm font-semibold text-slate-900">Accuracy by input type</h3>
      <p className="text-xs text-slate-600">
        {phase.inputTypes.length === 0
          ? "This phase serves every input type."
          : `This phase serves ${phase.inputTypes.join(", ")}; other types get the fallback.`}{" "}
        Each type against the phase&apos;s {floor} floor, with its 95 % interval: enable a type when its interval clears the floor.
      </p>
      <table className="cards mt-1 w-full text-sm">
        <caption className="sr-only">Accuracy by input type in {phase.name}</caption>
        <thead className="text-left text-slate-700">
          <tr>
            {["Input type", "Served now", ...(next ? [`In ${next.name}`] : []), "Accuracy (95 % interval)", `Against ${floor}`].map((h) => (
              <th key={h} scope="col" className="px-2 py-1 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.inputType} className="border-t border-slate-100 align-top">
              <th scope="row" className="px-2 py-1.5 text-left font-medium">
                <code>{r.inputType}</code>
              </th>
              <td className="px-2 py-1.5">{yesNo(r.served)}</td>
              {next && <td className="px-2 py-1.5">{yesNo(r.servedNext)}</td>}
              <td className="px-2 py-1.5 tabular-nums text-slate-700">{rateText(r.accuracy)}</td>
              <td className="px-2 py-1.5">
                <Verdict status={INPUT_VERDICT[r.verdict]} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
