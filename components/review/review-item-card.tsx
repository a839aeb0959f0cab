import { LocalTime } from "@/components/ui/local-time";
import { BADNESS_FACTORS } from "@/lib/domain/badness";
import type { WorstItem } from "@/lib/domain/review-export";
import { percent } from "@/lib/format/numbers";
import { InputOutput } from "./input-output";

const factorLabel = new Map(BADNESS_FACTORS.map((f) => [f.key, f.label]));
const SEVERITY_STYLE: Record<string, string> = {
  critical: "border-orange-700 bg-orange-50 text-orange-950",
  high: "border-orange-400 bg-orange-50 text-orange-900",
  normal: "border-slate-300 bg-slate-50 text-slate-800",
  low: "border-slate-200 bg-white text-slate-700",
};

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-slate-600">{label}</dt>
      <dd className="font-medium text-slate-900">{children}</dd>
    </div>
  );
}

/**
 * One of the week's worst outputs (a group's worst member): why it ranks here, what it said, what
 * people said about it. `children` go at the end (the group's tags, note and mark).
 */
export function ReviewItemCard({ item, children }: { item: WorstItem; children?: React.ReactNode }) {
  const titleId = `item-${item.rank}`;
  return (
    <article aria-labelledby={titleId} data-testid="review-detail" className="rounded-lg border border-slate-200 bg-white p-4">
      <header className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h2 id={titleId} className="text-base font-semibold text-slate-900">
          #{item.rank} <span className="font-mono text-sm font-normal text-slate-700">{item.clientId}</span>
        </h2>
        <span className="text-sm text-slate-700">
          badness <strong>{item.score}</strong>
        </span>
        <ul aria-label="Badness factors" className="flex flex-wrap gap-1">
          {item.factors.map((f) => (
            <li key={f.key} className="rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 text-xs text-slate-800">
              {factorLabel.get(f.key) ?? f.key} +{f.points}
            </li>
          ))}
        </ul>
        {item.review.reviewed && (
          <span className="ml-auto rounded bg-emerald-800 px-2 py-0.5 text-xs font-semibold text-white">✓ Reviewed</span>
        )}
      </header>

      <dl className="mt-3 grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-4 lg:grid-cols-7">
        <Fact label="Time">
          <LocalTime at={item.at} />
        </Fact>
        <Fact label="Confidence">{percent(item.confidence)}</Fact>
        <Fact label="Phase">{item.phase}</Fact>
        <Fact label="Segment">{item.segment}</Fact>
        <Fact label="Input type">{item.inputType ?? "—"}</Fact>
        <Fact label="Model">{item.model ?? "—"}</Fact>
        <Fact label="Shown">{item.shown ? "AI answer shown" : "Fell back"}</Fact>
      </dl>

      <InputOutput input={item.input} output={item.output} />

      <div className="mt-3 grid gap-3 text-sm md:grid-cols-3">
        <section aria-label="Labels">
          <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-600">Labels</h3>
          {item.labels.length === 0 ? (
            <p className="text-slate-500">Not labelled.</p>
          ) : (
            <ul className="mt-1 space-y-0.5">
              {item.labels.map((l) => (
                <li key={l.source}>
                  <span className={l.correct ? "text-slate-800" : "font-semibold text-orange-900"}>
                    {l.correct ? "✓ correct" : "✗ incorrect"}
                  </span>{" "}
                  <span className="text-slate-600">
                    ({l.source.replace("_", " ")}
                    {l.reviewer ? `, ${l.reviewer}` : ""})
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-label="Feedback">
          <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-600">Feedback</h3>
          {item.feedback ? (
            <p className="mt-1">
              <span className="font-medium">{item.feedback.value === "down" ? "▼ Thumbs down" : "▲ Thumbs up"}</span>
              {item.feedback.comment && <q className="ml-1 break-words text-slate-800">{item.feedback.comment}</q>}
            </p>
          ) : (
            <p className="text-slate-500">No feedback.</p>
          )}
        </section>
        <section aria-label="Tickets">
          <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-600">Tickets</h3>
          {item.tickets.length === 0 ? (
            <p className="text-slate-500">No linked tickets.</p>
          ) : (
            <ul className="mt-1 space-y-1">
              {item.tickets.map((t) => (
                <li key={t.id} className="break-words">
                  <span className={`mr-1 rounded border px-1 text-xs font-semibold uppercase ${SEVERITY_STYLE[t.severity] ?? ""}`}>
                    {t.severity}
                  </span>
                  {t.subject ?? <span className="text-slate-500">no subject</span>}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      {children}
    </article>
  );
}
