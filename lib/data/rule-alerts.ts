import type { Tx } from "../db";
import { actorDisplayName } from "../read/actor-names";
import { audit } from "./audit";
import { recordChange } from "./change-feed";
import { refreshOpenIncidents } from "./incidents";
import { enqueueWebhooks } from "./webhooks";

export interface RuleForAlerts {
  id: string;
  name: string;
  kind: string;
  metric: string;
}

/**
 * Resolves a rule's open and acknowledged alerts because an admin took the rule out of service
 * (disabled or deleted it): the evaluator no longer runs the rule, so nothing else would ever close
 * them. Inside the caller's transaction (a `commitChange`): channels are told, the incidents they
 * belong to are refreshed, the change is recorded for open pages, and the audit names the admin.
 * Returns the resolved alerts' ids.
 */
export async function resolveAlertsOfRetiredRule(
  tx: Tx,
  feature: { id: string; key: string; name: string },
  rule: RuleForAlerts,
  why: "disabled" | "deleted",
  actor: string,
): Promise<string[]> {
  const alerts = await tx.alert.findMany({ where: { ruleId: rule.id, status: { in: ["open", "acknowledged"] } } });
  if (alerts.length === 0) return [];
  const now = new Date();
  const who = await actorDisplayName(tx, actor);
  for (const alert of alerts) {
    await tx.alert.update({ where: { id: alert.id }, data: { status: "resolved", resolvedAt: now } });
    await enqueueWebhooks(tx, {
      event: "alert.resolved",
      featureId: feature.id,
      featureKey: feature.key,
      featureName: feature.name,
      text: `Resolved on ${feature.name}: ${rule.name}. The rule was ${why} by ${who}; it no longer watches.`,
      details: { alert: { id: alert.id, rule: rule.name, ruleId: rule.id, kind: rule.kind, metric: rule.metric, slice: alert.slice }, reason: `rule ${why}` },
    });
  }
  const alertIds = alerts.map((a) => a.id);
  await audit(tx, { actor, action: "alert.resolve", target: feature.key, reason: `${rule.name}: rule ${why}`, after: { alertIds } });
  await refreshOpenIncidents(tx, feature.id);
  await recordChange(tx, { featureKey: feature.key, type: "alert_resolved", payload: { alertIds, rule: rule.name, reason: `rule ${why}` } });
  return alertIds;
}
