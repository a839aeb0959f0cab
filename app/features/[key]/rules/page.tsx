import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RuleEditor } from "@/components/rules/rule-editor";
import { metricLabel, ruleConditionText } from "@/components/rules/rule-fields";
import { requirePageUser } from "@/lib/auth";
import { UpgradeDefaultRules } from "@/components/rules/upgrade-default-rules";
import { rulesOf, upgradableRules } from "@/lib/data/alert-rules";
import { featureByKey } from "@/lib/data/features";
import { hasRole } from "@/lib/domain/roles";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ key: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const f = await featureByKey((await params).key);
  return { title: f ? `Alert rules · ${f.name}` : "Feature not found" };
}

const th = "px-3 py-2 text-left font-medium";
const td = "px-3 py-2 align-top";

// A feature's alert rules: everyone signed in may read them and backtest changed settings;
// only admins may save (the save action checks the role on the server).
export default async function RulesPage({ params, searchParams }: Props) {
  const { key } = await params;
  const user = await requirePageUser("viewer", `/features/${key}/rules`);
  const feature = await featureByKey(key);
  if (!feature) notFound();
  const rules = (await rulesOf(feature.id, false)).map(({ featureId: _f, ...r }) => r);
  const isAdmin = hasRole(user.role, "admin");
  // only admins are offered the upgrade (the action checks the role on the server as well)
  const pending = isAdmin ? await upgradableRules(feature.key) : [];
  const wanted = (await searchParams).rule;
  const selected = rules.find((r) => r.id === wanted) ?? rules[0];
  return (
    <div className="flex flex-col gap-4">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href={`/features/${feature.key}`} className="text-sky-800 underline-offset-2 hover:underline">
          ← {feature.name}
        </Link>
      </nav>
      <div>
        <h1 className="text-2xl font-semibold text-slate-900">Alert rules — {feature.name}</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          Before trusting a rule — above all one that pauses the feature by itself — see what it would have done: change its settings,
          backtest it on the last 30 days of stored data (the live evaluator&apos;s own code, minute by minute), and compare the alerts
          before saving. Sequential rules watch every phase and segment slice with traffic and share the feature&apos;s false-alarm budget;
          their backtest also shows what they cost at this feature&apos;s traffic: expected false alarms per 30 days and the time to notice
          a 5- and a 10-point drop.
        </p>
      </div>
      {isAdmin && <UpgradeDefaultRules featureKey={feature.key} pending={pending} />}
      <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-sm">
          <caption className="sr-only">Alert rules of {feature.name}</caption>
          <thead className="bg-slate-100 text-slate-700">
            <tr>
              {["Rule", "Metric", "Condition", "Window", "Minimum sample", "Action", "Status", ""].map((h, i) => (
                <th key={i} scope="col" className={th}>
                  {h || <span className="sr-only">Edit</span>}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rules.length === 0 && (
              <tr>
                <td colSpan={8} className={`${td} text-slate-600`}>
                  This feature has no alert rules.
                </td>
              </tr>
            )}
            {rules.map((r) => {
              const current = r.id === selected?.id;
              return (
                <tr key={r.id} className={`border-t border-slate-100 ${current ? "bg-sky-50" : ""}`}>
                  <td className={`${td} font-medium`}>{r.name}</td>
                  <td className={td}>{metricLabel(r)}</td>
                  <td className={td}>{ruleConditionText(r)}</td>
                  <td className={`${td} tabular-nums`}>
                    {r.kind === "sequential" ? `clears after ${r.windowMinutes} min` : `${r.windowMinutes} min`}
                  </td>
                  <td className={`${td} tabular-nums`}>
                    {r.kind === "sequential"
                      ? `${r.params.minBaseline ?? 200} in ${r.params.baseline === "previous_phase" ? "the previous phase's last 7 days" : "7 days"}`
                      : r.minSamples}
                  </td>
                  <td className={td}>{r.action === "pause" ? <strong>pause</strong> : "notify"}</td>
                  <td className={td}>{r.enabled ? "enabled" : "disabled"}</td>
                  <td className={td}>
                    <Link
                      href={`/features/${feature.key}/rules?rule=${r.id}`}
                      aria-current={current ? "true" : undefined}
                      aria-label={`Edit and backtest ${r.name}`}
                      className="text-sky-800 underline underline-offset-2"
                    >
                      {current ? "Editing" : "Edit & backtest"}
                    </Link>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {selected && <RuleEditor key={selected.id} featureKey={feature.key} rule={selected} canSave={isAdmin} />}
    </div>
  );
}
