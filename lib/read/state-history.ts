import { db, dbReady } from "../db";
import { actorName } from "../format/kill-switch";

// Who paused (or resumed) a feature last, read from the audit log: the feature row keeps the
// state and reason, the audit event keeps the actor — a person, an API key or a rule.

export interface LastStateChange {
  action: "pause" | "resume";
  at: Date;
  /** audit label, e.g. "user:ana@example.com", "key:rg_AbC123", "rule:<id>" */
  actor: string;
  /** the actor for people: an email, "API key rg_…", "rule “Accuracy below 95 %”" */
  actorName: string;
  byRule: boolean;
  reason: string | null;
}

export async function lastStateChange(featureKey: string): Promise<LastStateChange | null> {
  await dbReady();
  const e = await db.auditEvent.findFirst({
    where: { target: featureKey, action: { in: ["feature.pause", "feature.resume"] } },
    orderBy: [{ at: "desc" }, { id: "desc" }],
  });
  if (!e) return null;
  const byRule = e.actor.startsWith("rule:");
  const rule = byRule ? await db.alertRule.findUnique({ where: { id: e.actor.slice("rule:".length) }, select: { name: true } }) : null;
  return {
    action: e.action === "feature.pause" ? "pause" : "resume",
    at: e.at,
    actor: e.actor,
    actorName: actorName(e.actor, rule?.name),
    byRule,
    reason: e.reason,
  };
}
