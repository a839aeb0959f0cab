// Acknowledging an alert: someone has seen it (it stays open for the evaluator to resolve); its incident, the audit log and the change feed hear it.

import { AppError, notFound } from "../errors";
import { audit } from "../data/audit";
import { commitChange, recordChange } from "../data/change-feed";
import { refreshIncident } from "../data/incidents";

export async function acknowledgeAlert(id: string, actor: string) {
  const result = await commitChange(async (tx) => {
    const alert = await tx.alert.findUnique({ where: { id }, include: { feature: { select: { key: true } } } });
    if (!alert) throw notFound(`No alert with id "${id}"`);
    if (alert.status !== "open") throw new AppError(`already_${alert.status}`, 409, `The alert is already ${alert.status}`);
    const updated = await tx.alert.update({
      where: { id },
      data: { status: "acknowledged", acknowledgedAt: new Date(), acknowledgedBy: actor },
    });
    if (alert.incidentId) await refreshIncident(tx, alert.incidentId);
    await audit(tx, {
      actor,
      action: "alert.acknowledge",
      target: alert.feature.key,
      before: { status: "open" },
      after: { status: "acknowledged", alertId: id },
    });
    await recordChange(tx, { featureKey: alert.feature.key, type: "alert_acknowledged", payload: { alertId: id, actor } });
    return updated;
  });
  return result;
}
