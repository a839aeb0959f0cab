import { ChangeHistory } from "@/components/dashboard/change-history";
import { featureChanges } from "@/lib/read/feature-changes";
import { modelVersions } from "@/lib/read/model-versions";
import { modelChanges, modelOptions, withModelChanges } from "@/lib/domain/model-filter";
import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { FeatureDashboard } from "@/components/dashboard/feature-dashboard";
import { FeatureHeader } from "@/components/dashboard/feature-header";
import { IntegratePanel } from "@/components/dashboard/integrate-panel";
import { ProofPanel } from "@/components/dashboard/proof-panel";
import { QueryProvider } from "@/components/dashboard/query-provider";
import { FeatureAlerts } from "@/components/alerts/feature-alerts";
import { WatchedSlices } from "@/components/alerts/watched-slices";
import { ruleStatuses } from "@/lib/read/rule-statuses";
import { PauseControl } from "@/components/kill-switch/pause-control";
import { unresolvedByRule } from "@/lib/domain/alert-slices";
import { IncidentBanner } from "@/components/incidents/incident-banner";
import { RolloutSummary } from "@/components/plans/rollout-summary";
import { PhoneCollapsible } from "@/components/ui/phone-collapsible";
import { QueueStats } from "@/components/review/queue-stats";
import { requirePageUser } from "@/lib/auth";
import { appOrigin, trustedProxyHops } from "@/lib/auth/client-address";
import { featureHasEvents } from "@/lib/read/feature-activity";
import { decisionBaseUrl } from "@/lib/domain/integration-snippets";
import { exampleContext } from "@/lib/domain/example-context";
import { env } from "@/lib/env";
import { affectedUsersEstimate } from "@/lib/read/affected-users";
import { alertPeriods, listAlertViews } from "@/lib/read/alert-list";
import { reviewQueueStats } from "@/lib/data/review-queue";
import { currentIncident } from "@/lib/data/incidents";
import { lastStateChange } from "@/lib/read/state-history";
import { filterOptions, featureMetricsView, phaseAccuracySeries, phaseFloors } from "@/lib/read/dashboard";
import { featureByKey } from "@/lib/data/features";
import { productProof } from "@/lib/read/proof";
import { parseDashboardQuery } from "@/lib/domain/dashboard-query";
import { hasRole } from "@/lib/domain/roles";
import { actorName, affectedUsersText } from "@/lib/format/kill-switch";
import { percent } from "@/lib/format/numbers";

const DAY_MS = 86_400_000;
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ key: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const f = await featureByKey((await params).key);
  return { title: f?.name ?? "Feature not found" };
}

/** The decision listener's port for snippets; null when the app's origin serves OFREP (no listener, or a proxy in front routes /ofrep/ to it). */
function listenerPort(): number | null {
  const e = env();
  if (e.ROLLGUARD_DECISION_PORT === "off" || e.ROLLGUARD_PUBLIC_URL || trustedProxyHops() > 0) return null;
  return e.ROLLGUARD_DECISION_PORT;
}

export default async function FeaturePage({ params, searchParams }: Props) {
  const { key } = await params;
  const user = await requirePageUser("viewer", `/features/${key}`);
  const feature = await featureByKey(key);
  if (!feature) notFound();
  const operator = hasRole(user.role, "operator");
  const now = Date.now();
  const query = parseDashboardQuery(await searchParams, now);
  const q = {
    from: query.from,
    to: query.to,
    interval: query.interval,
    phase: query.phase ?? undefined,
    segment: query.segment ?? undefined,
    model: query.model ?? undefined,
  };
  const [initial, options, floors, compare, versions] = await Promise.all([
    featureMetricsView(feature.key, feature.id, q),
    filterOptions(feature.id, query.from, query.to),
    phaseFloors(feature.id),
    query.compare ? phaseAccuracySeries(feature.id, q) : null,
    modelVersions(feature.id),
  ]);
  const current = feature.currentPhase;
  const [alerts, periods, queue, estimate, lastChange, statuses, proof, incident, hasEvents, auditChanges] = await Promise.all([
    listAlertViews({ feature: feature.key, limit: 50 }),
    alertPeriods(feature.id, query.from, query.to),
    reviewQueueStats(feature.id, now),
    operator && current ? affectedUsersEstimate(feature.id, current.key, now) : null,
    feature.state === "paused" ? lastStateChange(feature.key) : null,
    ruleStatuses(feature.id, now),
    productProof(feature, now),
    currentIncident(feature.id),
    featureHasEvents(feature.id),
    featureChanges(feature.key, { from: Math.min(query.from, now - 30 * DAY_MS) }),
  ]);
  const phaseName = (k: string) => feature.phases.find((p) => p.key === k)?.name ?? k;
  const changes = withModelChanges(auditChanges, modelChanges(versions, phaseName));
  const origin = hasEvents ? null : appOrigin(await headers());
  // a switched-off rule watches nothing (new features have one: the sequential overconfidence rule)
  const watched = statuses.flatMap((s) =>
    "slices" in s && s.slices && s.rule.enabled ? [{ name: s.rule.name, metric: s.rule.metric, slices: s.slices }] : [],
  );
  const stillOpen = unresolvedByRule(alerts);
  const phase = feature.phases.find((p) => p.key === query.phase) ?? feature.currentPhase;
  const floorValue = phase ? (floors[phase.key] ?? null) : null;
  return (
    <div className="flex flex-col gap-4">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/" className="text-sky-800 underline-offset-2 hover:underline">
          ← All features
        </Link>
      </nav>
      <FeatureHeader
        feature={feature}
        lastChange={lastChange}
        incidentHref={incident ? `/incidents/${incident.id}` : null}
        pauseControl={
          operator && (
            <PauseControl
              featureKey={feature.key}
              featureName={feature.name}
              state={feature.state}
              estimate={affectedUsersText(estimate ?? { users: 0, answers: 0, answersWithoutUser: 0 }, current?.name ?? "current")}
              fallback={feature.fallback}
              pausedBy={lastChange?.action === "pause" ? { name: lastChange.actorName, byRule: lastChange.byRule } : null}
              stillOpen={stillOpen}
              audience={
                current
                  ? `${current.audiencePercent} % of ${current.segments.length ? current.segments.join(", ") : "everyone"} in ${current.name}`
                  : "the current phase"
              }
            />
          )
        }
      />
      {incident && (
        <IncidentBanner
          id={incident.id}
          status={incident.status}
          title={incident.title}
          openedAt={incident.openedAt}
          alerts={incident.alerts}
          acknowledgedBy={incident.acknowledgedBy ? actorName(incident.acknowledgedBy) : null}
          canAcknowledge={operator}
        />
      )}
      <FeatureAlerts featureKey={feature.key} alerts={alerts} canAcknowledge={operator} />
      <PhoneCollapsible title="Rollout plan">
        <RolloutSummary feature={feature} />
        <p className="mt-2 text-sm">
          <Link href={`/features/${feature.key}/rules`} className="text-sky-800 underline-offset-2 hover:underline">
            Alert rules &amp; backtest →
          </Link>
        </p>
      </PhoneCollapsible>
      {!origin && (
        <PhoneCollapsible title="Watched slices">
          <WatchedSlices rules={watched} />
        </PhoneCollapsible>
      )}
      {origin && (
        <IntegratePanel
          featureKey={feature.key}
          featureName={feature.name}
          appOrigin={origin}
          decisionBaseUrl={decisionBaseUrl(origin, listenerPort())}
          canCreateKey={hasRole(user.role, "admin")}
          phase={
            current
              ? {
                  name: current.name,
                  audiencePercent: current.audiencePercent,
                  segments: current.segments,
                  inputTypes: current.inputTypes,
                  lowConfidence: current.lowConfidence,
                }
              : null
          }
          example={current ? exampleContext(feature.key, current) : null}
        />
      )}
      {!origin && (
        <>
          <PhoneCollapsible title="Does it help?">
            <QueryProvider>
              <ProofPanel featureKey={feature.key} initial={proof} />
            </QueryProvider>
          </PhoneCollapsible>
          <PhoneCollapsible title="Charts">
            <QueryProvider>
              <FeatureDashboard
                featureKey={feature.key}
                query={query}
                initial={initial}
                initialAt={now}
                initialCompare={compare}
                phases={feature.phases.map((p) => ({ key: p.key, name: p.name }))}
                options={options}
                floor={floorValue === null ? null : { value: floorValue, label: `${phase!.name} floor ${percent(floorValue, 0)}` }}
                threshold={phase?.confidenceThreshold ?? null}
                alerts={periods}
                changes={changes}
                models={modelOptions(versions)}
              />
            </QueryProvider>
          </PhoneCollapsible>
          <PhoneCollapsible title="Human review queue">
            <section aria-labelledby="queue-heading" className="space-y-2">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <h2 id="queue-heading" className="text-lg font-semibold text-slate-900">
                  Human review queue
                </h2>
                <Link
                  href={`/review/queue?feature=${encodeURIComponent(feature.key)}`}
                  className="text-sm text-sky-800 underline-offset-2 hover:underline"
                >
                  Review the queue →
                </Link>
              </div>
              <QueueStats stats={queue} now={now} />
            </section>
          </PhoneCollapsible>
        </>
      )}
      <PhoneCollapsible title="Change history">
        <ChangeHistory
          changes={changes.filter((c) => c.at >= now - 30 * DAY_MS)}
          auditHref={hasRole(user.role, "admin") ? `/audit?target=${encodeURIComponent(feature.key)}` : null}
        />
      </PhoneCollapsible>
    </div>
  );
}
