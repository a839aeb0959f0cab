import { db, dbReady, type Tx } from "../db";
import { breachingSlices, parseAlertSlices, slicesText } from "../domain/alert-slices";
import {
  incidentStatus,
  incidentTimeline,
  incidentTitle,
  incidentToJoin,
  JUDGE_METRIC,
  judgeSuspicion,
  type IncidentStatus,
  type JudgeSuspicion,
} from "../domain/incidents";
import { incidentText, type IncidentNotice } from "../domain/notification-message";
import { AppError, notFound } from "../errors";
import { actorName } from "../format/kill-switch";
import { actorNames } from "../read/actor-names";
import { audit } from "./audit";
import { commitChange, recordChange } from "./change-feed";
import { enqueueWebhooks } from "./webhooks";

// Incidents are kept in the same transactions as the alerts and state changes that shape them:
// an alert joins (or opens) its feature's incident when it opens; every alert change, pause and
// resume recomputes the status of the feature's unresolved incidents.

export interface AssignedIncident {
  id: string;
  /** a new incident, or a resolved one opened again: channels hear of it once the evaluation (and its pause) is done */
  announce: "opened" | "reopened" | null;
}

/** Puts a just-opened alert into its incident (the latest one if it is still going, else a new one). */
export async function assignIncidentDetailed(tx: Tx, alert: { id: string; featureId: string; openedAt: Date }, title: string): Promise<AssignedIncident> {
  const latest = await tx.incident.findFirst({ where: { featureId: alert.featureId }, orderBy: { openedAt: "desc" } });
  const at = alert.openedAt.getTime();
  const joinId = incidentToJoin(
    latest && { id: latest.id, status: latest.status as IncidentStatus, lastAlertAt: latest.lastAlertAt.getTime(), resolvedAt: latest.resolvedAt?.getTime() ?? null },
    at,
  );
  const incidentId = joinId
    ? (await tx.incident.update({ where: { id: joinId }, data: { lastAlertAt: alert.openedAt } })).id
    : (await tx.incident.create({ data: { featureId: alert.featureId, title, openedAt: alert.openedAt, lastAlertAt: alert.openedAt } })).id;
  await tx.alert.update({ where: { id: alert.id }, data: { incidentId } });
  await refreshIncident(tx, incidentId, { quiet: true });
  return { id: incidentId, announce: !joinId ? "opened" : latest?.status === "resolved" ? "reopened" : null };
}

export async function assignIncident(tx: Tx, alert: { id: string; featureId: string; openedAt: Date }, title: string): Promise<string> {
  return (await assignIncidentDetailed(tx, alert, title)).id;
}

/** The rule that paused the feature during the incident, if a rule did. */
async function pausedByRule(tx: Tx, featureKey: string, from: Date, to: Date | null): Promise<string | null> {
  const pause = await tx.auditEvent.findFirst({
    where: { target: featureKey, action: "feature.pause", actor: { startsWith: "rule:" }, at: { gte: new Date(from.getTime() - 1000), ...(to ? { lte: to } : {}) } },
    orderBy: { at: "asc" },
  });
  if (!pause) return null;
  return (await tx.alertRule.findUnique({ where: { id: pause.actor.slice(5) }, select: { name: true } }))?.name ?? null;
}

/**
 * Recomputes one incident's status from its alerts and its feature's state, and its title from
 * what paused the feature. When it resolves, channels are told in the same transaction (unless
 * `quiet`: an alert just joined, so it cannot be resolving).
 */
export async function refreshIncident(tx: Tx, incidentId: string, options: { quiet?: boolean } = {}): Promise<IncidentStatus> {
  const incident = await tx.incident.findUniqueOrThrow({
    where: { id: incidentId },
    include: { alerts: { select: { status: true, openedAt: true, rule: { select: { name: true, action: true } } } }, feature: { select: { state: true, key: true } } },
  });
  const status = incidentStatus({ alertStatuses: incident.alerts.map((a) => a.status), featurePaused: incident.feature.state === "paused", acknowledged: incident.acknowledgedAt !== null });
  const title = incidentTitle(
    incident.alerts.map((a) => ({ rule: a.rule.name, action: a.rule.action, openedAt: a.openedAt.getTime() })),
    await pausedByRule(tx, incident.feature.key, incident.openedAt, incident.resolvedAt),
  );
  if (status !== incident.status || title !== incident.title) {
    await tx.incident.update({
      where: { id: incidentId },
      data: { status, title, ...(status !== incident.status ? { resolvedAt: status === "resolved" ? new Date() : null } : {}) },
    });
  }
  if (status === "resolved" && incident.status !== "resolved" && !options.quiet) await announceIncident(tx, incidentId, "resolved");
  return status;
}

/** A judge alert's evidence reaches at most this far back before it opened (its rule's window; capped for the query). */
const JUDGE_WINDOW_CAP_MS = 7 * 1440 * 60_000;

/**
 * "Possibly the judge, not the feature": the incident's quality alerts beside the feature's
 * judge-agreement alerts in the incident or in the same window (lib/domain/incidents.ts).
 */
export async function incidentJudgeSuspicion(
  client: Pick<Tx, "alert">,
  incident: { id: string; featureId: string; openedAt: Date; resolvedAt: Date | null },
  now = Date.now(),
): Promise<JudgeSuspicion | null> {
  const end = incident.resolvedAt?.getTime() ?? now;
  const rows = await client.alert.findMany({
    where: {
      featureId: incident.featureId,
      OR: [
        { incidentId: incident.id },
        {
          rule: { metric: JUDGE_METRIC },
          openedAt: { lte: new Date(end + JUDGE_WINDOW_CAP_MS) },
          OR: [{ resolvedAt: null }, { resolvedAt: { gte: incident.openedAt } }],
        },
      ],
    },
    orderBy: { openedAt: "asc" },
    include: { rule: { select: { name: true, metric: true, windowMinutes: true } } },
  });
  return judgeSuspicion(
    { id: incident.id, openedAt: incident.openedAt.getTime(), endedAt: incident.resolvedAt?.getTime() ?? null },
    rows.map((a) => ({
      id: a.id,
      rule: a.rule.name,
      metric: a.rule.metric,
      windowMinutes: a.rule.windowMinutes,
      openedAt: a.openedAt.getTime(),
      resolvedAt: a.resolvedAt?.getTime() ?? null,
      incidentId: a.incidentId,
    })),
    now,
  );
}

const NOTICE_ACTIONS: Record<string, IncidentNotice["actions"][number]["kind"]> = {
  "feature.pause": "paused",
  "feature.resume": "resumed",
  "incident.acknowledge": "acknowledged",
  "alert.acknowledge": "acknowledged",
};

/** The incident as a notification tells it: its alerts with their slices, and who paused, acknowledged and resumed. */
export async function incidentNotice(tx: Tx, incidentId: string, now = Date.now()) {
  const incident = await tx.incident.findUniqueOrThrow({
    where: { id: incidentId },
    include: { feature: { select: { id: true, key: true, name: true } }, alerts: { include: { rule: true }, orderBy: { openedAt: "asc" } } },
  });
  const from = new Date(incident.openedAt.getTime() - 1000);
  const to = new Date((incident.resolvedAt?.getTime() ?? now) + 1000);
  const alertIds = new Set(incident.alerts.map((a) => a.id));
  const audits = (
    await tx.auditEvent.findMany({
      where: { target: incident.feature.key, action: { in: Object.keys(NOTICE_ACTIONS) }, at: { gte: from, lte: to } },
      orderBy: [{ at: "asc" }, { id: "asc" }],
    })
  ).filter((e) => {
    if (e.action === "incident.acknowledge") return (e.after ?? "").includes(`"incidentId":"${incidentId}"`);
    if (e.action === "alert.acknowledge") return [...alertIds].some((id) => (e.after ?? "").includes(`"alertId":"${id}"`));
    return true;
  });
  const names = await actorNames(tx, audits.map((e) => e.actor));
  const notice: IncidentNotice = {
    id: incident.id,
    title: incident.title,
    status: incident.status,
    alerts: incident.alerts.map((a) => {
      const slices = parseAlertSlices(a.slices, a.slice, a.openedAt.getTime(), a.resolvedAt?.getTime() ?? null);
      // while the alert is open, the slices that still breach; once resolved, every slice it had
      const shown = a.status === "resolved" ? slices : breachingSlices(slices);
      return {
        id: a.id,
        rule: a.rule.name,
        slices: shown.length ? slicesText(shown.map((x) => x.id)) : null,
        value: a.value,
        lower: a.lower,
        upper: a.upper,
        sampleSize: a.sampleSize,
        metric: a.rule.metric,
        action: a.rule.action,
        status: a.status,
      };
    }),
    actions: audits.map((e) => ({ kind: NOTICE_ACTIONS[e.action]!, who: names.get(e.actor) ?? e.actor, byRule: e.actor.startsWith("rule:"), reason: e.reason, at: e.at.toISOString() })),
  };
  const judge = await incidentJudgeSuspicion(tx, incident, now);
  if (judge) notice.judge = { text: judge.text, alerts: judge.judge.map((a) => ({ id: a.id, rule: a.rule, incidentId: a.incidentId })) };
  return { feature: incident.feature, notice };
}

/** Tells the channels that an incident opened (after the evaluation that opened it, pause included) or resolved. */
export async function announceIncident(tx: Tx, incidentId: string, kind: "opened" | "reopened" | "resolved"): Promise<number> {
  const { feature, notice } = await incidentNotice(tx, incidentId);
  return enqueueWebhooks(tx, {
    event: kind === "resolved" ? "incident.resolved" : "incident.opened",
    featureId: feature.id,
    featureKey: feature.key,
    featureName: feature.name,
    text: incidentText(feature.name, notice, kind),
    details: { incidentId, incident: notice },
  });
}

/** The feature's unresolved incident, if any (a pause or resume inside it is told with the incident). */
export async function unresolvedIncidentId(tx: Tx, featureId: string): Promise<string | null> {
  return (await tx.incident.findFirst({ where: { featureId, status: { not: "resolved" } }, orderBy: { openedAt: "desc" }, select: { id: true } }))?.id ?? null;
}

/** After a pause, resume or alert change: every unresolved incident of the feature. */
export async function refreshOpenIncidents(tx: Tx, featureId: string): Promise<void> {
  const open = await tx.incident.findMany({ where: { featureId, status: { not: "resolved" } }, select: { id: true } });
  for (const i of open) await refreshIncident(tx, i.id);
}

/** Takes the whole incident at once: every open alert in it is acknowledged with it. */
export async function acknowledgeIncident(id: string, actor: string, note: string | null) {
  const result = await commitChange(async (tx) => {
    const incident = await tx.incident.findUnique({ where: { id }, include: { feature: { select: { key: true } }, alerts: { where: { status: "open" }, select: { id: true } } } });
    if (!incident) throw notFound(`No incident with id "${id}"`);
    // acknowledged before, but an alert joined since: it is open again, and may be taken again
    if (incident.status === "acknowledged") throw new AppError("already_acknowledged", 409, `The incident was already acknowledged by ${actorName(incident.acknowledgedBy ?? "")}`);
    if (incident.status === "resolved") throw new AppError("already_resolved", 409, "The incident is already resolved");
    const now = new Date();
    await tx.alert.updateMany({ where: { incidentId: id, status: "open" }, data: { status: "acknowledged", acknowledgedAt: now, acknowledgedBy: actor } });
    await tx.incident.update({ where: { id }, data: { acknowledgedAt: now, acknowledgedBy: actor, acknowledgeNote: note } });
    await refreshIncident(tx, id);
    await audit(tx, { actor, action: "incident.acknowledge", target: incident.feature.key, reason: note, after: { incidentId: id, alertIds: incident.alerts.map((a) => a.id) } });
    await recordChange(tx, { featureKey: incident.feature.key, type: "incident_changed", payload: { incidentId: id, status: "acknowledged", actor } });
    return { id, acknowledgedAt: now.toISOString(), acknowledgedBy: actor, alerts: incident.alerts.length };
  });
  return result;
}

/** The feature's newest incident that is not resolved, if any. */
export async function currentIncident(featureId: string) {
  await dbReady();
  return db.incident.findFirst({ where: { featureId, status: { not: "resolved" } }, orderBy: { openedAt: "desc" }, include: { alerts: { include: { rule: { select: { name: true } } }, orderBy: { openedAt: "asc" } } } });
}

/** Unresolved incidents by feature id (the overview links each row to its incident). */
export async function currentIncidentIds(): Promise<Map<string, string>> {
  await dbReady();
  const rows = await db.incident.findMany({ where: { status: { not: "resolved" } }, orderBy: { openedAt: "asc" }, select: { id: true, featureId: true } });
  return new Map(rows.map((r) => [r.featureId, r.id]));
}

/** A feature's incidents, newest first. */
export async function listIncidents(featureId: string, take = 20) {
  await dbReady();
  return db.incident.findMany({ where: { featureId }, orderBy: { openedAt: "desc" }, take, include: { _count: { select: { alerts: true } } } });
}

const TIMELINE_ACTIONS = ["feature.pause", "feature.resume", "incident.acknowledge"];

/** One incident with its feature, its alerts and the timeline of what happened. */
export async function incidentView(id: string, now = Date.now()) {
  await dbReady();
  const incident = await db.incident.findUnique({
    where: { id },
    include: { feature: { select: { id: true, key: true, name: true, state: true } }, alerts: { include: { rule: { select: { id: true, name: true, action: true } } }, orderBy: { openedAt: "asc" } } },
  });
  if (!incident) return null;
  // the pause this incident caused comes a moment after its first alert; a resume may come any time before it ends
  const from = new Date(incident.openedAt.getTime() - 1000);
  const to = new Date((incident.resolvedAt?.getTime() ?? now) + 1000);
  const audits = await db.auditEvent.findMany({
    where: { target: incident.feature.key, action: { in: TIMELINE_ACTIONS }, at: { gte: from, lte: to } },
    orderBy: [{ at: "asc" }, { id: "asc" }],
  });
  const ruleIds = [...new Set(audits.filter((e) => e.actor.startsWith("rule:")).map((e) => e.actor.slice(5)))];
  const rules = new Map((await db.alertRule.findMany({ where: { id: { in: ruleIds } }, select: { id: true, name: true } })).map((r) => [r.id, r.name]));
  const events = audits
    // an acknowledgement of another incident of the same feature is not part of this one
    .filter((e) => e.action !== "incident.acknowledge" || (e.after ?? "").includes(`"incidentId":"${id}"`))
    .map((e) => ({ at: e.at.getTime(), action: e.action, who: actorName(e.actor, rules.get(e.actor.slice(5))), byRule: e.actor.startsWith("rule:"), reason: e.reason }));
  const timeline = incidentTimeline(
    incident.alerts.map((a) => ({
      id: a.id,
      rule: a.rule.name,
      message: a.message,
      openedAt: a.openedAt.getTime(),
      acknowledgedAt: a.acknowledgedAt?.getTime() ?? null,
      acknowledgedBy: a.acknowledgedBy ? actorName(a.acknowledgedBy) : null,
      resolvedAt: a.resolvedAt?.getTime() ?? null,
    })),
    events,
  );
  const judge = await incidentJudgeSuspicion(db, incident, now);
  return { incident, timeline, judge };
}

export type IncidentView = NonNullable<Awaited<ReturnType<typeof incidentView>>>;
