import { db, dbReady } from "../db";
import { breachingSlices, parseAlertSlices, slicesText } from "../domain/alert-slices";
import { notifiedByAlert, type AlertNotified } from "../data/webhooks";

// Alerts as the pages show them: across features with their rule, scope and what was done
// (notified, or paused the feature), plus the periods drawn on a feature's accuracy chart.

export type AlertStatus = "open" | "acknowledged" | "resolved";
/** what the rule did when the alert opened */
export type AlertActionTaken = "paused" | "already_paused" | "notified";

export interface AlertView {
  id: string;
  feature: { key: string; name: string };
  rule: {
    id: string;
    name: string;
    kind: string;
    metric: string;
    action: string;
    phase: string | null;
    segment: string | null;
    windowMinutes: number;
    minSamples: number;
  };
  /** sequential rules: the first slice that breached ("phase:full/segment:new-market") */
  slice: string | null;
  /** sequential rules: the slices it lists — those still breaching while unresolved, every one it had once resolved */
  slices: string[];
  /** those slices in words: "phase beta; segments beta-power-users, internal"; null for a windowed rule */
  slicesText: string | null;
  status: AlertStatus;
  value: number;
  lower: number | null;
  upper: number | null;
  sampleSize: number;
  message: string;
  openedAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  resolvedAt: Date | null;
  actionTaken: AlertActionTaken;
  /** the incident this alert belongs to (alerts opened before incidents existed have none) */
  incidentId: string | null;
  /** the channels told of its opening (empty: nobody was told) */
  notified: AlertNotified[];
}

export interface AlertFilter {
  /** feature key */
  feature?: string;
  status?: AlertStatus;
  incidentId?: string;
  limit?: number;
}

const STATUS_ORDER: Record<string, number> = { open: 0, acknowledged: 1, resolved: 2 };
/** a rule's pause follows its alert within the same evaluation; allow for a slow machine */
const PAUSE_MATCH_MS = 5 * 60_000;

/** Alerts newest first, unresolved before resolved. */
export async function listAlertViews(filter: AlertFilter = {}): Promise<AlertView[]> {
  await dbReady();
  const rows = await db.alert.findMany({
    where: {
      ...(filter.feature ? { feature: { key: filter.feature } } : {}),
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.incidentId ? { incidentId: filter.incidentId } : {}),
    },
    include: { rule: true, feature: { select: { key: true, name: true } } },
    orderBy: { openedAt: "desc" },
    take: filter.limit ?? 200,
  });
  const pauseRules = [...new Set(rows.filter((r) => r.rule.action === "pause").map((r) => `rule:${r.ruleId}`))];
  const pauses = pauseRules.length
    ? await db.auditEvent.findMany({
        where: { action: "feature.pause", actor: { in: pauseRules } },
        select: { actor: true, target: true, at: true },
      })
    : [];
  const since = rows.length ? new Date(Math.min(...rows.map((r) => r.openedAt.getTime())) - 60_000) : new Date();
  const told = await notifiedByAlert(
    rows.map((r) => r.id),
    since,
  );
  const views = rows.map((a): AlertView => {
    const paused = pauses.some(
      (p) =>
        p.actor === `rule:${a.ruleId}` &&
        p.target === a.feature.key &&
        p.at.getTime() >= a.openedAt.getTime() - 1000 &&
        p.at.getTime() <= a.openedAt.getTime() + PAUSE_MATCH_MS,
    );
    const all = parseAlertSlices(a.slices, a.slice, a.openedAt.getTime(), a.resolvedAt?.getTime() ?? null);
    const listed = (a.status === "resolved" ? all : breachingSlices(all)).map((x) => x.id);
    return {
      id: a.id,
      feature: a.feature,
      rule: {
        id: a.rule.id,
        name: a.rule.name,
        kind: a.rule.kind,
        metric: a.rule.metric,
        action: a.rule.action,
        phase: a.rule.phase,
        segment: a.rule.segment,
        windowMinutes: a.rule.windowMinutes,
        minSamples: a.rule.minSamples,
      },
      slice: a.slice,
      slices: listed,
      slicesText: listed.length ? slicesText(listed) : null,
      status: a.status as AlertStatus,
      value: a.value,
      lower: a.lower,
      upper: a.upper,
      sampleSize: a.sampleSize,
      message: a.message,
      openedAt: a.openedAt,
      acknowledgedAt: a.acknowledgedAt,
      acknowledgedBy: a.acknowledgedBy,
      resolvedAt: a.resolvedAt,
      actionTaken: a.rule.action !== "pause" ? "notified" : paused ? "paused" : "already_paused",
      incidentId: a.incidentId,
      notified: told.get(a.id) ?? [],
    };
  });
  return views.sort((x, y) => (STATUS_ORDER[x.status] ?? 3) - (STATUS_ORDER[y.status] ?? 3));
}

/** Alerts not yet resolved, across every feature (the nav count). */
export async function unresolvedAlertCount(): Promise<number> {
  await dbReady();
  return db.alert.count({ where: { status: { in: ["open", "acknowledged"] } } });
}

export interface AlertPeriod {
  id: string;
  rule: string;
  metric: string;
  status: AlertStatus;
  /** epoch ms */
  openedAt: number;
  /** epoch ms; null while unresolved */
  resolvedAt: number | null;
}

/** A feature's alerts that overlap [from, to] (epoch ms), oldest first, for the accuracy chart. */
export async function alertPeriods(featureId: string, from: number, to: number): Promise<AlertPeriod[]> {
  await dbReady();
  const rows = await db.alert.findMany({
    where: { featureId, openedAt: { lte: new Date(to) }, OR: [{ resolvedAt: null }, { resolvedAt: { gte: new Date(from) } }] },
    include: { rule: { select: { name: true, metric: true } } },
    orderBy: { openedAt: "asc" },
    take: 100,
  });
  return rows.map((a) => ({
    id: a.id,
    rule: a.rule.name,
    metric: a.rule.metric,
    status: a.status as AlertStatus,
    openedAt: a.openedAt.getTime(),
    resolvedAt: a.resolvedAt ? a.resolvedAt.getTime() : null,
  }));
}
