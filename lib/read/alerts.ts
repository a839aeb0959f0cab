// The alerts of a feature as pages and the API list them, and the open count per rule.

import { db, dbReady } from "../db";
import { parseAlertSlices, slicesText } from "../domain/alert-slices";

export async function listAlerts(featureId: string, status?: string) {
  await dbReady();
  const rows = await db.alert.findMany({
    where: { featureId, ...(status ? { status } : {}) },
    include: { rule: true },
    orderBy: { openedAt: "desc" },
    take: 200,
  });
  return rows.map(({ rule, ...a }) => ({
    ...a,
    // every slice the alert has had, each with when it breached and recovered
    slices: parseAlertSlices(a.slices, a.slice, a.openedAt.getTime(), a.resolvedAt?.getTime() ?? null).map((x) => ({
      id: x.id,
      name: slicesText([x.id]),
      openedAt: new Date(x.openedAt).toISOString(),
      recoveredAt: x.recoveredAt === null ? null : new Date(x.recoveredAt).toISOString(),
    })),
    rule: {
      id: rule.id,
      name: rule.name,
      kind: rule.kind,
      metric: rule.metric,
      action: rule.action,
      phase: rule.phase,
      segment: rule.segment,
      windowMinutes: rule.windowMinutes,
    },
  }));
}

export async function alertById(id: string) {
  await dbReady();
  return db.alert.findUnique({ where: { id }, include: { feature: { select: { key: true } } } });
}

/** Open and acknowledged alerts per rule of a feature (the rules page's counts). */
export async function unresolvedAlertsByRule(featureId: string): Promise<Record<string, number>> {
  const groups = await db.alert.groupBy({
    by: ["ruleId"],
    where: { featureId, status: { in: ["open", "acknowledged"] } },
    _count: { _all: true },
  });
  return Object.fromEntries(groups.map((g) => [g.ruleId, g._count._all]));
}
