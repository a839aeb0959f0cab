import { pooledAccuracyRows } from "../domain/chart-rows";
import { MINUTE_MS } from "../domain/buckets";
import { byTrouble, featureHealth } from "../domain/feature-health";
import { openAlertCounts, phaseFloors } from "./dashboard";
import { listFeatures } from "../data/features";
import { featureMetrics } from "./metrics";
import { db } from "../db";
import { currentIncidentIds } from "../data/incidents";
import { lastStateChange, type LastStateChange } from "./state-history";

/** The names of the rules with an unresolved alert, per feature id. */
async function unresolvedAlertRules(): Promise<Map<string, string[]>> {
  const rows = await db.alert.findMany({
    where: { status: { not: "resolved" } },
    select: { featureId: true, rule: { select: { name: true } } },
    orderBy: { openedAt: "asc" },
  });
  const out = new Map<string, string[]>();
  for (const r of rows) {
    const names = out.get(r.featureId) ?? [];
    if (!names.includes(r.rule.name)) names.push(r.rule.name);
    out.set(r.featureId, names);
  }
  return out;
}

const DAY_MS = 1440 * MINUTE_MS;

/** Every feature with its state, current phase, last-24h figures and health; trouble first. */
export async function featureOverview(now = Date.now()) {
  const [features, alerts, alertRules, incidents] = await Promise.all([
    listFeatures(),
    openAlertCounts(),
    unresolvedAlertRules(),
    currentIncidentIds(),
  ]);
  const rows = await Promise.all(
    features.map(async (f) => {
      const [m, floors] = await Promise.all([featureMetrics(f.id, { from: now - DAY_MS, to: now, interval: "hour" }), phaseFloors(f.id)]);
      const floor = f.currentPhase ? (floors[f.currentPhase.key] ?? null) : null;
      const openAlerts = alerts.get(f.id) ?? 0;
      const health = featureHealth({
        state: f.state,
        accuracy: m.totals.accuracy,
        floor,
        openAlerts,
        criticalTickets: m.totals.criticalTickets,
      });
      // why the row is not plain "healthy": the pause (who, when, reason) and the rules that fired
      const paused: LastStateChange | null = f.state === "paused" ? await lastStateChange(f.key) : null;
      return {
        feature: f,
        paused,
        alertRules: alertRules.get(f.id) ?? [],
        incidentId: incidents.get(f.id) ?? null,
        name: f.name,
        totals: m.totals,
        accuracy: m.totals.accuracy,
        // 3-hour steps: single quiet hours rarely have enough labels to say anything
        trend: pooledAccuracyRows(m.points, 3),
        floor,
        openAlerts,
        health,
      };
    }),
  );
  return byTrouble(rows);
}

export type OverviewRow = Awaited<ReturnType<typeof featureOverview>>[number];
