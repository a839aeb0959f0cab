import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { primaryButton } from "@/components/admin/form-styles";
import { NewRule } from "@/components/rules/new-rule";
import { RuleEditor } from "@/components/rules/rule-editor";
import { metricLabel, ruleConditionText } from "@/components/rules/rule-fields";
import { RuleRowControls } from "@/components/rules/rule-row-controls";
import { requirePageUser } from "@/lib/auth";
import { UpgradeDefaultRules } from "@/components/rules/upgrade-default-rules";
import { isBuiltInRule, rulesOf, upgradableRules } from "@/lib/data/alert-rules";
import { unresolvedAlertsByRule } from "@/lib/read/alerts";
import { featureByKey } from "@/lib/data/features";
import { listSegments } from "@/lib/data/segments";
import { filterOptions } from "@/lib/read/dashboard";
import { featureSegments } from "@/lib/domain/feature-segments";
import { hasRole } from "@/lib/domain/roles";

const DAY_MS = 86_400_000;
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ key: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const f = await featureByKey((await params).key);
  return { title: f ? `Alert rules · ${f.name}` : "Feature not found" };
}

const th = "px-3 py-2 text-left font-medium";
const td = "px-3 py-2 align-top";

// A feature's alert rules: everyone signed in may read them and backtest changed settings;
// only admins may create, save, disable and delete (each action checks the role on the server).
export default async function RulesPage({ params, searchParams }: Props) {
  const { key } = await params;
  const user = await requirePageUser("viewer", `/features/${key}/rules`);
  const feature = await featureByKey(key);
  if (!feature) notFound();
  const admin = hasRole(user.role, "admin");
  // only admins are offered the upgrade (the action checks the role on the server as well)
  const now = Date.now();
  const [configs, openAlerts, segments, seen, pending] = await Promise.all([
    rulesOf(feature.id, false),
    unresolvedAlertsByRule(feature.id),
    admin ? listSegments() : [],
    admin ? filterOptions(feature.id, now - 30 * DAY_MS, now) : null,
    admin ? upgradableRules(feature.key) : [],
  ]);
  const rules = configs.map(({ featureId: _f, ...r }) => r);
  const query = await searchParams;
  const creating = admin && query.new === "1";
  const selected = creating ? undefined : (rules.find((r) => r.id === query.rule) ?? rules[0]);
  const scopeText = (r: { phase: string | null; segment: string | null }) =>
    [r.phase && `phase ${feature.phases.find((p) => p.key === r.phase)?.name ?? r.phase}`, r.segment && `segment ${r.segment}`]
      .filter(Boolean)
      .join(", ") || "whole feature";
  return (
    <div className="flex flex-col gap-4">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href={`/features/${feature.key}`} className="text-sky-800 underline-offset-2 hover:underline">
          ← {feature.name}
        </Link>
      </nav>
      <div>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h1 className="text-2xl font-semibold text-slate-900">Alert rules — {feature.name}</h1>
          {admin && !creating && (
            <Link href={`/features/${feature.key}/rules?new=1`} className={primaryButton}>
              New rule
            </Link>
          )}
        </div>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          Before trusting a rule — above all one that pauses the feature by itself — see what it would have done: change its settings,
          backtest it on the last 30 days of stored data (the live evaluator&apos;s own code, minute by minute), and compare the alerts
          before saving. Sequential rules watch every phase and segment slice with traffic and share the feature&apos;s false-alarm budget;
          their backtest also shows what they cost at this feature&apos;s traffic: expected false alarms per 30 days and the time to notice
          a 5- and a 10-point drop.
        </p>
      </div>
      {admin && <UpgradeDefaultRules featureKey={feature.key} pending={pending} />}
      {query.created === "1" && selected && selected.id === query.rule && selected.enabled && (
        <p role="status" className="rounded border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
          Rule “{selected.name}” created and enabled: the live evaluator runs it from its next pass.
        </p>
      )}
      {creating && (
        <NewRule
          featureKey={feature.key}
          phases={feature.phases.map((p) => ({ key: p.key, name: p.name }))}
          segments={featureSegments(
            seen?.segments ?? [],
            feature.phases.flatMap((p) => p.segments),
            segments,
          )}
        />
      )}
      <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="cards w-full text-sm">
          <caption className="sr-only">Alert rules of {feature.name}</caption>
          <thead className="bg-slate-100 text-slate-700">
            <tr>
              {[
                "Rule",
                "Metric",
                "Condition",
                "Scope",
                "Window",
                "Minimum sample",
                "Action",
                "Status",
                "",
                ...(admin ? ["Manage"] : []),
              ].map((h, i) => (
                <th key={i} scope="col" className={th}>
                  {h || <span className="sr-only">Edit</span>}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rules.length === 0 && (
              <tr>
                <td colSpan={admin ? 10 : 9} className={`${td} text-slate-600`}>
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
                  <td className={td}>{scopeText(r)}</td>
                  <td className={`${td} tabular-nums`}>
                    {r.kind === "sequential" ? `clears after ${r.windowMinutes} min` : `${r.windowMinutes} min`}
                  </td>
                  <td className={`${td} tabular-nums`}>
                    {r.kind === "sequential"
                      ? `${r.params.minBaseline ?? 200} in ${r.params.baseline === "previous_phase" ? "the previous phase's last 7 days" : "7 days"}`
                      : r.minSamples}
                  </td>
                  <td className={td}>{r.action === "pause" ? <strong>pause</strong> : "notify"}</td>
                  <td className={td}>
                    {r.enabled ? "enabled" : <strong className="text-slate-700">disabled</strong>}
                    {(openAlerts[r.id] ?? 0) > 0 && (
                      <span className="block text-xs text-orange-800">
                        {openAlerts[r.id]} open alert{openAlerts[r.id] === 1 ? "" : "s"}
                      </span>
                    )}
                  </td>
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
                  {admin && (
                    <td className={td}>
                      <RuleRowControls
                        featureKey={feature.key}
                        rule={{ id: r.id, name: r.name, enabled: r.enabled, builtIn: isBuiltInRule(r) }}
                        openAlerts={openAlerts[r.id] ?? 0}
                      />
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {selected && <RuleEditor key={selected.id} featureKey={feature.key} rule={selected} canSave={admin} />}
    </div>
  );
}
