"use client";

import { ChartCard } from "@/components/ui/chart-card";
import type { FeatureAdoption } from "@/lib/read/adoption";
import { adoptionSummary, type SegmentAdoption } from "@/lib/domain/adoption";
import { SPARSE_MAX } from "@/lib/domain/hyperloglog";
import { count, percent } from "@/lib/format/numbers";

// Feature adoption by segment (issue 27): users reached, answers shown and how many of those
// shown got feedback, per segment, over the page's range (whole UTC days) and phase.

/** exact below the sketch's sparse limit, an estimate (±1.6 %) above it */
const unitsText = (n: number) => (n > SPARSE_MAX ? `≈ ${count(n)}` : count(n));

export function AdoptionSection({ adoption }: { adoption: FeatureAdoption | null | undefined }) {
  const title = "Adoption by segment";
  if (!adoption) {
    return (
      <ChartCard
        title={title}
        empty="Not available for one model: adoption is kept per day without the model, and every model's figures would pass for this one's. Choose &quot;All models&quot; to see it."
      >
        {null}
      </ChartCard>
    );
  }
  const rows = adoption.bySegment;
  const summary = adoptionSummary(rows);
  const widest = Math.max(1, ...rows.map((r) => r.units));
  // the decision counts come from the decision API; a product that asks none has no such column
  const decided = rows.some((r) => r.decisions.ai + r.decisions.fallback + r.decisions.outside > 0);
  const days = adoption.fromDay === adoption.toDay ? `${adoption.fromDay} (UTC)` : `${adoption.fromDay} – ${adoption.toDay} (UTC days)`;
  return (
    <ChartCard
      title={title}
      className="lg:col-span-2"
      empty={rows.length === 0 ? "No outputs or decisions in these days yet: adoption counts the units of outputs and decisions." : null}
      finding={
        summary.top && (
          <>
            Most users reached in <strong>{summary.top.segment}</strong> ({unitsText(summary.top.units)}); {percent(summary.feedbackRate)}{" "}
            of {count(summary.shown)} answers shown got feedback. Over {days}; users are distinct units, counted once however often they
            came.
          </>
        )
      }
    >
      <table className="cards w-full text-sm">
        <caption className="sr-only">Adoption per segment</caption>
        <thead className="text-left text-slate-700">
          <tr className="border-b border-slate-200">
            <th scope="col" className="py-1 pr-2 font-medium">
              Segment
            </th>
            <th scope="col" className="py-1 pr-2 font-medium">
              Users reached
            </th>
            <th scope="col" className="py-1 pr-2 text-right font-medium">
              Answers shown
            </th>
            <th scope="col" className="py-1 pr-2 text-right font-medium">
              Feedback rate
            </th>
            {decided && (
              <th scope="col" className="py-1 text-right font-medium">
                Decisions: AI / fallback / outside
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <AdoptionRow key={r.segment} row={r} widest={widest} decided={decided} />
          ))}
        </tbody>
      </table>
    </ChartCard>
  );
}

function AdoptionRow({ row: r, widest, decided }: { row: SegmentAdoption; widest: number; decided: boolean }) {
  return (
    <tr className="border-b border-slate-100 align-top">
      <th scope="row" data-label="Segment" className="py-1 pr-2 text-left font-medium">
        {r.segment}
      </th>
      <td data-label="Users reached" className="w-1/2 py-1 pr-4">
        <div className="flex items-center gap-2">
          <span className="w-20 shrink-0 whitespace-nowrap tabular-nums">{unitsText(r.units)}</span>
          <span aria-hidden className="h-2 min-w-0 flex-1 rounded bg-slate-100">
            <span className="block h-2 rounded bg-sky-700" style={{ width: `${(100 * r.units) / widest}%` }} />
          </span>
        </div>
      </td>
      <td data-label="Answers shown" className="py-1 pr-2 text-right whitespace-nowrap tabular-nums">
        {count(r.shown)} <span className="text-slate-600">of {count(r.outputs)}</span>
      </td>
      <td data-label="Feedback rate" className="py-1 pr-2 text-right whitespace-nowrap tabular-nums">
        {percent(r.feedbackRate)} <span className="text-slate-600">({count(r.feedback)})</span>
      </td>
      {decided && (
        <td data-label="Decisions: AI / fallback / outside" className="py-1 text-right whitespace-nowrap tabular-nums">
          {count(r.decisions.ai)} / {count(r.decisions.fallback)} / {count(r.decisions.outside)}
        </td>
      )}
    </tr>
  );
}
