import { LocalTime } from "@/components/ui/local-time";
import type { Metadata } from "next";
import { TwoSeriesChart } from "@/components/charts/agreement-chart";
import { FoldingText } from "@/components/review/folding-text";
import { PagedList } from "@/components/ui/paged-list";
import { ReviewNav } from "@/components/review/review-nav";
import { ReviewPicker } from "@/components/review/review-picker";
import { requirePageUser } from "@/lib/auth";
import { listFeatures } from "@/lib/data/features";
import { accuracyBySource, judgeDisagreements, weeklyAgreement } from "@/lib/read/judge-agreement";
import { pairsOf } from "@/lib/domain/agreement";
import { WEEK_MS } from "@/lib/domain/review-range";
import { count, percent } from "@/lib/format/numbers";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Judge agreement" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const k = (v: number | null) => (v === null ? "—" : v.toFixed(2));
const th = "px-3 py-2 text-left font-medium";
const td = "px-3 py-2 tabular-nums";

export default async function JudgePage({ searchParams }: Props) {
  await requirePageUser("viewer", "/review/judge");
  const sp = await searchParams;
  const features = await listFeatures();
  const feature = features.find((f) => f.key === one(sp.feature)) ?? features[0];
  if (!feature) return <p className="text-slate-600">No features yet.</p>;
  const now = Date.now();
  const weeks = await weeklyAgreement(feature.id, now, 12);
  const withPairs = weeks.filter((w) => w.agreement.n > 0);
  const wanted = Number(one(sp.week));
  const selected = weeks.find((w) => w.week === wanted) ?? withPairs.at(-1) ?? weeks.at(-1)!;
  const [disagreements, accuracy] = await Promise.all([
    judgeDisagreements(feature.id, selected.week, selected.week + WEEK_MS, 50),
    accuracyBySource(feature.id, now - 30 * 86_400_000, now),
  ]);
  const c = selected.cells;
  const link = (w: number) => `/review/judge?feature=${encodeURIComponent(feature.key)}&week=${w}`;

  return (
    <section className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">Judge agreement</h1>
        <p className="text-sm text-slate-600">
          Does the heuristic or LLM judge still agree with the humans? Outputs of {feature.name} labelled by both, per week (UTC, by output
          time).
        </p>
      </div>
      <ReviewNav current="/review/judge" featureKey={feature.key} />
      <ReviewPicker features={features} featureKey={feature.key} action="/review/judge" />

      {withPairs.length === 0 ? (
        <p className="rounded border border-dashed border-slate-300 bg-white p-6 text-slate-600">
          No output of this feature carries both a human and a heuristic label in the last 12 weeks: send judge labels with
          <code className="mx-1 font-mono">&quot;source&quot;: &quot;heuristic&quot;</code> next to your reviewers&apos; to see agreement
          here.
        </p>
      ) : (
        <>
          <section aria-labelledby="weekly-title" className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 id="weekly-title" className="text-base font-semibold">
              Agreement per week
            </h2>
            <p className="text-sm text-slate-600">
              Raw agreement is the share of outputs where both say the same (95 % Wilson interval); Cohen&apos;s κ corrects it for the
              agreement expected by chance (95 % interval, Fleiss–Cohen–Everitt standard error). κ near 1: the judge can stand in for
              people; near 0: it agrees no more than chance.
            </p>
            <TwoSeriesChart
              a="Raw agreement"
              b="Cohen's κ"
              min={Math.min(0, ...withPairs.map((w) => w.agreement.kappa.value ?? 0))}
              rows={weeks.map((w) => ({
                label: day(w.week),
                a: w.agreement.raw.value,
                b: w.agreement.kappa.value,
                note: count(w.agreement.n),
              }))}
            />
            <table className="cards mt-3 w-full text-sm" aria-label="Agreement per week">
              <thead className="border-b border-slate-200 text-slate-600">
                <tr>
                  <th className={th}>UTC week of</th>
                  <th className={th}>Labelled by both</th>
                  <th className={th}>Raw agreement (95 % interval)</th>
                  <th className={th}>Cohen&apos;s κ (95 % interval)</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {weeks.map((w) => (
                  <tr
                    key={w.week}
                    aria-current={w.week === selected.week ? "true" : undefined}
                    className={w.week === selected.week ? "bg-sky-50" : ""}
                  >
                    <td className={td}>
                      <a className="text-sky-800 underline underline-offset-2" href={link(w.week)}>
                        {day(w.week)}
                      </a>
                    </td>
                    <td className={td}>n = {count(w.agreement.n)}</td>
                    <td className={td}>
                      {w.agreement.n
                        ? `${percent(w.agreement.raw.value)} (${percent(w.agreement.raw.lower)}–${percent(w.agreement.raw.upper)})`
                        : "—"}
                    </td>
                    <td className={td} data-testid="kappa">
                      {w.agreement.kappa.value === null
                        ? "—"
                        : `${k(w.agreement.kappa.value)} (${k(w.agreement.kappa.lower)} to ${k(w.agreement.kappa.upper)})`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>

          <div className="grid gap-4 lg:grid-cols-2">
            <section aria-labelledby="confusion-title" className="rounded-lg border border-slate-200 bg-white p-4">
              <h2 id="confusion-title" className="text-base font-semibold">
                Humans × judge, UTC week of {day(selected.week)} (n = {count(pairsOf(c))})
              </h2>
              <table className="mt-2 text-sm" aria-label="Confusion table">
                <thead>
                  <tr>
                    <th />
                    <th className={th}>Judge: correct</th>
                    <th className={th}>Judge: incorrect</th>
                  </tr>
                </thead>
                <tbody>
                  <tr>
                    <th className={th}>Human: correct</th>
                    <td className={td}>{count(c.agreeCorrect)}</td>
                    <td className={`${td} font-semibold text-orange-900`}>{count(c.judgeSaysWrong)}</td>
                  </tr>
                  <tr>
                    <th className={th}>Human: incorrect</th>
                    <td className={`${td} font-semibold text-orange-900`}>{count(c.judgeSaysCorrect)}</td>
                    <td className={td}>{count(c.agreeWrong)}</td>
                  </tr>
                </tbody>
              </table>
              <p className="mt-2 text-xs text-slate-600">
                Off the diagonal: the judge calls a right answer wrong (noise for the team) or a wrong answer right (errors the accuracy
                figure does not see).
              </p>
            </section>
            <section aria-labelledby="people-title" className="rounded-lg border border-slate-200 bg-white p-4">
              <h2 id="people-title" className="text-base font-semibold">
                Accuracy per day: every label vs people only
              </h2>
              <p className="text-sm text-slate-600">
                &quot;People only&quot; leaves the judge&apos;s labels out (human and ground-truth verdicts); where the lines part, the
                judge moves the accuracy figure.
              </p>
              <TwoSeriesChart
                a="Every label source"
                b="People and ground truth only"
                rows={accuracy.map((d) => ({
                  label: day(d.day).slice(5),
                  a: d.all.value,
                  b: d.people.value,
                  note: `${count(d.all.n)} / ${count(d.people.n)}`,
                }))}
              />
            </section>
          </div>

          <section aria-labelledby="disagree-title" className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 id="disagree-title" className="text-base font-semibold">
              Where they disagree, UTC week of {day(selected.week)} (
              {disagreements.length === 50 ? "newest 50" : count(disagreements.length)})
            </h2>
            {disagreements.length === 0 ? (
              <p className="text-sm text-slate-600">No disagreement this week.</p>
            ) : (
              <PagedList className="mt-2 divide-y divide-slate-100" label="Disagreements" noun="Disagreements" pageSize={10}>
                {disagreements.map((d) => (
                  <li key={d.id} className="grid gap-2 py-2 text-sm md:grid-cols-[14rem_1fr_1fr]">
                    <div>
                      <span className="font-mono text-slate-800">{d.clientId}</span>
                      <div className="text-xs text-slate-600">
                        <LocalTime at={d.at} /> · {percent(d.confidence)} · {d.segment}
                        {d.inputType ? ` · ${d.inputType}` : ""}
                      </div>
                      <div className="mt-1">
                        Human{d.reviewer ? ` (${d.reviewer})` : ""}: <strong>{d.human ? "correct" : "incorrect"}</strong>
                        <br />
                        Judge: <strong className="text-orange-900">{d.judge ? "correct" : "incorrect"}</strong>
                      </div>
                    </div>
                    <FoldingText text={d.input} label="Input" />
                    <FoldingText text={d.output} label="Output" />
                  </li>
                ))}
              </PagedList>
            )}
          </section>
        </>
      )}
    </section>
  );
}
