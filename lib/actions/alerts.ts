"use server";

import { roleAction } from "@/lib/actions/guard";
import { userActor } from "@/lib/auth";
import { acknowledgeAlert } from "@/lib/use-cases/acknowledge-alert";
import { acknowledgeIncident } from "@/lib/data/incidents";
import { ZAcknowledgeAlertAction, ZAcknowledgeIncidentAction } from "@/lib/schemas/alerts";

// Acknowledging says "a person is on it": audited (alert.acknowledge) with the user as actor.
export const acknowledgeAlertAction = roleAction("operator", ZAcknowledgeAlertAction, async ({ alertId }, user) => {
  const a = await acknowledgeAlert(alertId, userActor(user).label);
  return { id: a.id, status: a.status, acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null, acknowledgedBy: a.acknowledgedBy };
});

// The whole incident at once (audited as incident.acknowledge, with the note as its reason).
export const acknowledgeIncidentAction = roleAction("operator", ZAcknowledgeIncidentAction, async ({ incidentId, note }, user) =>
  acknowledgeIncident(incidentId, userActor(user).label, note || null),
);
