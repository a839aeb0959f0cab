import { db, dbReady, writeTransaction, type Tx } from "../db";
import { incidentStatus, incidentTimeline, incidentToJoin, type IncidentStatus } from "../domain/incidents";
import { AppError, notFound } from "../errors";
import { actorName } from "../format/kill-switch";
import { audit } from "./audit";
import { changeFeed, recordChange } from "./change-feed";

// Incidents are kept in the same transactions as the alerts and state changes that shape them:
// an alert joins (or opens) its feature's incident when it opens; every alert change, pause and
// resume recomputes the status of the feature's unresolved incidents.

/** Puts a just-opened alert into its incident (the latest one if it is still going, else a new one). */
export async function assignIncident(tx: Tx, alert: { id: string; featureId: string; openedAt: Date }, title: string): Promise<string> {
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
  await refreshIncident(tx, incidentId);
  return incidentId;
}

/** Recomputes one incident's status from its alerts and its feature's state. */
export async function refreshIncident(tx: Tx, incidentId: string): Promise<IncidentStatus> {
  const incident = await tx.incident.findUniqueOrThrow({ where: { id: incidentId }, include: { alerts: { select: { status: true } }, feature: { select: { state: true } } } });
  const status = incidentStatus({ alertStatuses: incident.alerts.map((a) => a.status), featurePaused: incident.feature.state === "paused", acknowledged: incident.acknowledgedAt !== null });
  if (status !== incident.status) {
    await tx.incident.update({ where: { id: incidentId }, data: { status, resolvedAt: status === "resolved" ? new Date() : null } });
  }
  return status;
}

/** After a pause, resume or alert change: every unresolved incident of the feature. */
export async function refreshOpenIncidents(tx: Tx, featureId: string): Promise<void> {
  const open = await tx.incident.findMany({ where: { featureId, status: { not: "resolved" } }, select: { id: true } });
  for (const i of open) await refreshIncident(tx, i.id);
}

/** Takes the whole incident at once: every open alert in it is acknowledged with it. */
export async function acknowledgeIncident(id: string, actor: string, note: string | null) {
  const result = await writeTransaction(async (tx) => {
    const incident = await tx.incident.findUnique({ where: { id }, include: { feature: { select: { key: true } }, alerts: { where: { status: "open" }, select: { id: true } } } });
    if (!incident) throw notFound(`No incident with id "${id}"`);
    if (incident.acknowledgedAt) throw new AppError("already_acknowledged", 409, `The incident was already acknowledged by ${actorName(incident.acknowledgedBy ?? "")}`);
    if (incident.status === "resolved") throw new AppError("already_resolved", 409, "The incident is already resolved");
    const now = new Date();
    await tx.alert.updateMany({ where: { incidentId: id, status: "open" }, data: { status: "acknowledged", acknowledgedAt: now, acknowledgedBy: actor } });
    await tx.incident.update({ where: { id }, data: { acknowledgedAt: now, acknowledgedBy: actor, acknowledgeNote: note } });
    await refreshIncident(tx, id);
    await audit(tx, { actor, action: "incident.acknowledge", target: incident.feature.key, reason: note, after: { incidentId: id, alertIds: incident.alerts.map((a) => a.id) } });
    await recordChange(tx, { featureKey: incident.feature.key, type: "incident_changed", payload: { incidentId: id, status: "acknowledged", actor } });
    return { id, acknowledgedAt: now.toISOString(), acknowledgedBy: actor, alerts: incident.alerts.length };
  });
  changeFeed().announce();
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
  return { incident, timeline };
}

export type IncidentView = NonNullable<Awaited<ReturnType<typeof incidentView>>>;
