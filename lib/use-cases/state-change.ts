import { faultKind } from "../db-faults";
import { AppError, notFound } from "../errors";
import { audit } from "../data/audit";
import { commitChange, recordChange } from "../data/change-feed";
import { provisionalPause, type PauseOverride } from "../decision/decision-snapshot";
import { actorDisplayName } from "../read/actor-names";
import { refreshOpenIncidents, unresolvedIncidentId } from "../data/incidents";
import { enqueueWebhooks, kickWebhookDelivery } from "../data/webhooks";

// The kill switch's stored change, shared by pause (./pause.ts) and resume (./resume.ts). State,
// audit event, stream row and webhook deliveries commit together in one transaction; after the
// commit the change feed is caught up, so that when this returns the decision snapshot of this
// instance already answers `false` and SSE subscribers have the event.

/** How long a pause may wait for the write lock and take to store before the operator is answered. */
export const PAUSE_WAIT_MS = 1000;

export interface StateChangeRequest {
  key: string;
  reason: string;
  /** audit label: "key:rg_…", "user:ana@example.com", "rule:<id>", "cli" */
  actor: string;
}

export interface FeatureStateResult {
  feature: string;
  state: string;
  reason: string;
  changedAt: string;
  actor: string;
  changeId: number;
  /** false: in effect from memory, not stored yet (see `warning`) */
  stored?: boolean;
  warning?: { code: "pause_not_stored"; message: string };
  /** with stored: false, where the pause is in effect: this instance (its memory and decision listener) */
  reached?: string[];
}

export type Target = "paused" | "running";

/**
 * Stores the change. With `override` it stores a pause already in effect from memory; with
 * `provisional` too, that in-memory pause is published (streams, the decision listener) when the
 * store is slow (PROVISIONAL_AFTER_MS) or fails because the database is away.
 */
export async function storeStateChange(
  req: StateChangeRequest,
  target: Target,
  override?: PauseOverride,
  provisional = false,
): Promise<FeatureStateResult> {
  const reason = req.reason.trim();
  if (!reason) throw new AppError("reason_required", 400, "A reason is required");
  if (target === "running" && req.actor.startsWith("rule:")) {
    // A rule may stop a feature, never start it again: resuming is a human decision.
    throw new AppError("forbidden", 403, "Only a person or an API key may resume a feature");
  }
  const result = await commitChange(
    async (tx) => {
      const feature = await tx.feature.findUnique({ where: { key: req.key } });
      if (!feature) throw notFound(`No feature with key "${req.key}"`);
      if (target === "paused" && feature.state === "paused")
        throw new AppError("already_paused", 409, `"${req.key}" is already paused`, {
          since: feature.stateChangedAt.toISOString(),
          reason: feature.stateReason,
        });
      if (target === "paused" && feature.state !== "running")
        throw new AppError("not_running", 409, `"${req.key}" is ${feature.state}, not running`);
      if (target === "running" && feature.state !== "paused")
        throw new AppError("not_paused", 409, `"${req.key}" is not paused (it is ${feature.state})`);
      const changedAt = override ? new Date(override.at) : new Date();
      // a pause or resume inside an incident is told in the incident's messages, not on its own in chat
      const incidentId = await unresolvedIncidentId(tx, feature.id);
      await tx.feature.update({ where: { id: feature.id }, data: { state: target, stateReason: reason, stateChangedAt: changedAt } });
      const verb = target === "paused" ? "pause" : "resume";
      await audit(tx, {
        actor: req.actor,
        action: `feature.${verb}`,
        target: feature.key,
        reason,
        before: { state: feature.state, reason: feature.stateReason },
        after: { state: target, reason },
      });
      // after the audit, so that the incident reads who paused (its title) or resumed (its resolution)
      await refreshOpenIncidents(tx, feature.id);
      const type = target === "paused" ? "paused" : "resumed";
      const changeId = await recordChange(tx, { featureKey: feature.key, type, payload: { state: target, reason, actor: req.actor } });
      await enqueueWebhooks(tx, {
        event: target === "paused" ? "feature.paused" : "feature.resumed",
        featureId: feature.id,
        featureKey: feature.key,
        featureName: feature.name,
        text: `${feature.name} was ${type} by ${await actorDisplayName(tx, req.actor)}: ${reason}`,
        details: { state: target, reason, actor: req.actor, incidentId },
        partOfIncident: incidentId !== null,
      });
      return { feature: feature.key, state: target, reason, changedAt: changedAt.toISOString(), actor: req.actor, changeId, stored: true };
    },
    override
      ? {
          priority: true,
          waitMs: PAUSE_WAIT_MS,
          provisional: provisional ? { change: provisionalPause(override), isFault: (e) => faultKind(e) !== null } : undefined,
        }
      : {},
  );
  kickWebhookDelivery();
  return result;
}
