import { BADNESS_FACTORS } from "@/lib/domain/badness";

/** How the list is ranked, one sentence per factor (the same weights the API reports). */
export function RankingExplainer() {
  return (
    <details className="rounded-lg border border-slate-200 bg-white p-3 text-sm">
      <summary className="cursor-pointer font-medium text-slate-900">How the list is ranked</summary>
      <p className="mt-2 text-slate-700">
        Each output gets a badness score: the sum of the factors that apply to it. Equal scores are ordered by higher confidence, then the
        more recent output.
      </p>
      <ul className="mt-2 list-disc space-y-1 pl-5 text-slate-700">
        {BADNESS_FACTORS.map((f) => (
          <li key={f.key}>
            <strong className="font-medium text-slate-900">{f.label}.</strong> {f.sentence}
          </li>
        ))}
      </ul>
    </details>
  );
}
