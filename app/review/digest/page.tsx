import { LocalTime } from "@/components/ui/local-time";
import type { Metadata } from "next";
import { ReviewNav } from "@/components/review/review-nav";
import { ReviewPicker } from "@/components/review/review-picker";
import { SignOffForm } from "@/components/review/sign-off-form";
import { requirePageUser } from "@/lib/auth";
import { weeklyDigest } from "@/lib/data/digest";
import { listFeatures } from "@/lib/data/features";
import { weekStart, WEEK_MS } from "@/lib/domain/review-range";
import { hasRole } from "@/lib/domain/roles";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Weekly digest" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const TREND: Record<string, string> = { new: "new", up: "↑", down: "↓", flat: "=" };

export default async function DigestPage({ searchParams }: Props) {
  const user = await requirePageUser("viewer", "/review/digest");
  const sp = await searchParams;
  const features = await listFeatures();
  const feature = features.find((f) => f.key === one(sp.feature)) ?? features[0];
  if (!feature) return <p className="text-slate-600">No features yet.</p>;
  const now = Date.now();
  const asked = Number(one(sp.week));
  const week = weekStart(Number.isFinite(asked) && asked > 0 ? asked : now);
  const d = await weeklyDigest(feature, week, now);
  const link = (w: number) => `/review/digest?feature=${encodeURIComponent(feature.key)}&week=${w}`;
  const a = d.agreement;
  return (
    <section className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">Weekly digest</h1>
        <p className="text-sm text-slate-600">
          {feature.name}, week of {day(week)} (UTC).{" "}
          <a className="text-sky-800 underline" href={link(week - WEEK_MS)}>
            ← Previous week
          </a>
          {week + WEEK_MS <= now && (
            <>
              {" "}
              ·{" "}
              <a className="text-sky-800 underline" href={link(week + WEEK_MS)}>
                Next week →
              </a>
            </>
          )}
        </p>
      </div>
      <ReviewNav current="/review/digest" featureKey={feature.key} />
      <ReviewPicker features={features} featureKey={feature.key} action="/review/digest" />
      <dl
        aria-label="Digest figures"
        className="grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-3 text-sm sm:grid-cols-4"
      >
        <div>
          <dt className="text-xs text-slate-600">Reviewed (human verdicts)</dt>
          <dd className="font-semibold">{d.reviewed}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-600">Still open in the queue</dt>
          <dd className="font-semibold">{d.open}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-600">Judge agreement</dt>
          <dd className="font-semibold">
            {a && a.n > 0
              ? `${((a.raw.value ?? 0) * 100).toFixed(1)} %, κ ${a.kappa.value === null ? "n/a" : a.kappa.value.toFixed(2)} (n = ${a.n})`
              : "—"}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-600">Signed off by</dt>
          <dd className="font-semibold">{d.signedOffBy.length ? d.signedOffBy.join(", ") : "nobody yet"}</dd>
        </div>
      </dl>
      <section aria-labelledby="patterns-title" className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
        <h2 id="patterns-title" className="text-base font-semibold">
          Top patterns
        </h2>
        {d.top.length === 0 ? (
          <p className="text-slate-600">No failure pattern tagged this week.</p>
        ) : (
          <table className="cards mt-2" aria-label="Top patterns">
            <thead className="text-slate-600">
              <tr>
                <th className="px-3 py-1 text-left font-medium">Pattern</th>
                <th className="px-3 py-1 text-left font-medium">This week</th>
                <th className="px-3 py-1 text-left font-medium">Week before</th>
                <th className="px-3 py-1 text-left font-medium">Trend</th>
              </tr>
            </thead>
            <tbody>
              {d.top.map((p) => (
                <tr key={p.tag}>
                  <td className="px-3 py-1">{p.tag}</td>
                  <td className="px-3 py-1 tabular-nums">{p.thisWeek}</td>
                  <td className="px-3 py-1 tabular-nums">{p.lastWeek}</td>
                  <td className="px-3 py-1">{TREND[p.trend]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="signoff-title" className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
        <h2 id="signoff-title" className="text-base font-semibold">
          Sign-off
        </h2>
        {d.signOffs.length > 0 && (
          <ul className="mt-1 list-disc pl-5">
            {d.signOffs.map((s) => (
              <li key={s.reviewer}>
                {s.reviewer}, <LocalTime at={s.at} />
                {s.note ? ` — ${s.note}` : ""}
              </li>
            ))}
          </ul>
        )}
        {hasRole(user.role, "operator") ? (
          <SignOffForm featureKey={feature.key} week={week} />
        ) : (
          <p className="text-slate-600">Signing off needs the operator role.</p>
        )}
      </section>
      <section aria-labelledby="slack-title" className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
        <h2 id="slack-title" className="text-base font-semibold">
          As the webhooks receive it (Slack format)
        </h2>
        <pre className="mt-2 whitespace-pre-wrap rounded bg-slate-50 p-3 font-mono text-xs">{d.text}</pre>
      </section>
    </section>
  );
}
