import { LocalTime } from "@/components/ui/local-time";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ChecklistForm } from "@/components/plans/checklist-form";
import { FeatureSubnav } from "@/components/plans/feature-subnav";
import { GuardrailMatrix } from "@/components/plans/guardrail-matrix";
import { ReadinessList } from "@/components/plans/readiness-list";
import { requirePageUser } from "@/lib/auth";
import { checklistOf, checklistUpdatedAt, rolloutStarted } from "@/lib/data/checklists";
import { featureByKey } from "@/lib/data/features";
import { planOf } from "@/lib/data/plans";
import { readinessItems, requiredSignOffs } from "@/lib/domain/readiness";
import { hasRole } from "@/lib/domain/roles";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ key: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const f = await featureByKey((await params).key);
  return { title: f ? `${f.name} · readiness checklist` : "Feature not found" };
}

export default async function ChecklistPage({ params, searchParams }: Props) {
  const { key } = await params;
  const user = await requirePageUser("viewer", `/features/${key}/checklist`);
  const feature = await featureByKey(key);
  if (!feature) notFound();
  const [content, updatedAt, started, sp] = await Promise.all([
    checklistOf(feature.id),
    checklistUpdatedAt(feature.id),
    rolloutStarted(feature.id),
    searchParams,
  ]);
  const plan = planOf(feature.phases);
  const roles = requiredSignOffs(plan);
  const items = readinessItems(content, {
    fallback: feature.fallback,
    disclosure: feature.currentPhase?.disclosure ?? "",
    requiredSignOffs: roles,
  });
  const isAdmin = hasRole(user.role, "admin");
  return (
    <div className="flex flex-col gap-4">
      <FeatureSubnav featureKey={feature.key} name={feature.name} active="checklist" isAdmin={isAdmin} />
      {sp.created && (
        <p role="status" className="rounded border-2 border-blue-700 bg-blue-50 px-3 py-2 text-sm text-slate-900">
          Created <strong>{feature.name}</strong> in its first phase, {feature.currentPhase?.name}. Write the readiness checklist now,
          before the rollout starts.
        </p>
      )}
      <div>
        <h1 className="text-2xl font-semibold text-slate-900">{feature.name}: readiness checklist</h1>
        <p className="mt-1 text-sm text-slate-600">
          The “ready to ship” commitment, written before the rollout. Last saved: {updatedAt ? <LocalTime at={updatedAt} /> : "never"}.
        </p>
      </div>
      <ReadinessList items={items} />
      <section aria-labelledby="guardrails-heading" className="space-y-2">
        <h2 id="guardrails-heading" className="text-lg font-semibold">
          Guardrails
        </h2>
        <p className="text-sm text-slate-600">Read off the phase plan, so they are never typed twice: change them by editing the plan.</p>
        <GuardrailMatrix plan={plan} currentKey={feature.currentPhase?.key ?? null} />
      </section>
      {isAdmin ? (
        <ChecklistForm featureKey={feature.key} initial={content} requiredRoles={roles} started={started} />
      ) : (
        <ChecklistView content={content} />
      )}
    </div>
  );
}

function ChecklistView({ content: c }: { content: Awaited<ReturnType<typeof checklistOf>> }) {
  const pct = (x: number | null) => (x === null ? "—" : `${Number((x * 100).toFixed(2))} %`);
  return (
    <dl className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 text-sm md:grid-cols-2">
      <div>
        <dt className="font-medium">Held-out accuracy</dt>
        <dd>
          threshold {pct(c.heldOut.accuracyThreshold)}, measured {pct(c.heldOut.measuredAccuracy)}
          {c.heldOut.sampleSize !== null && ` on ${c.heldOut.sampleSize} examples`} {c.heldOut.dataset && `(${c.heldOut.dataset})`}
        </dd>
      </div>
      <div>
        <dt className="font-medium">
          Edge cases ({c.edgeCases.patterns.length} patterns, {c.edgeCases.casesTested ?? 0} cases)
        </dt>
        <dd>
          <ul className="list-disc pl-5">
            {c.edgeCases.patterns.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </dd>
      </div>
      <div>
        <dt className="font-medium">Worst case</dt>
        <dd>
          {c.worstCase.scenario || "—"} {c.worstCase.impact && `— ${c.worstCase.impact}`}
          {c.worstCase.estimatedCost !== null && ` (≈ ${c.worstCase.estimatedCost.toLocaleString("en-US")} ${c.worstCase.currency})`}
        </dd>
      </div>
      <div>
        <dt className="font-medium">Sign-offs</dt>
        <dd>
          <ul>
            {c.signOffs.length === 0 ? (
              <li>none yet</li>
            ) : (
              c.signOffs.map((s) => (
                <li key={s.role}>
                  {s.role}: {s.name}, {s.at}
                </li>
              ))
            )}
          </ul>
        </dd>
      </div>
    </dl>
  );
}
