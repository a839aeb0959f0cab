import { writeTransaction } from "../db";
import { AppError, notFound } from "../errors";
import { audit } from "./audit";
import { changeFeed, recordChange } from "./change-feed";
import { refreshOpenIncidents } from "./incidents";
import { enqueueWebhooks, kickWebhookDelivery } from "./webhooks";

// The kill switch. State, audit event, stream row and webhook deliveries commit together in one
// transaction; after the commit the change feed is caught up, so that when this returns the
// decision snapshot of this instance already answers `false` and SSE subscribers have the event.

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
}

type Target = "paused" | "running";

async function setState(req: StateChangeRequest, target: Target): Promise<FeatureStateResult> {
  const reason = req.reason.trim();
  if (!reason) throw new AppError("reason_required", 400, "A reason is required");
  if (target === "running" && req.actor.startsWith("rule:")) {
    // A rule may stop a feature, never start it again: resuming is a human decision.
    throw new AppError("forbidden", 403, "Only a person or an API key may resume a feature");
  }
  const result = await writeTransaction(async (tx) => {
    const feature = await tx.feature.findUnique({ where: { key: req.key } });
    if (!feature) throw notFound(`No feature with key "${req.key}"`);
    if (target === "paused" && feature.state === "paused") throw new AppError("already_paused", 409, `"${req.key}" is already paused`, { since: feature.stateChangedAt.toISOString(), reason: feature.stateReason });
    if (target === "paused" && feature.state !== "running") throw new AppError("not_running", 409, `"${req.key}" is ${feature.state}, not running`);
    if (target === "running" && feature.state !== "paused") throw new AppError("not_paused", 409, `"${req.key}" is not paused (it is ${feature.state})`);
    const changedAt = new Date();
    await tx.feature.update({ where: { id: feature.id }, data: { state: target, stateReason: reason, stateChangedAt: changedAt } });
    // a resume may end an incident whose alerts are all resolved
    await refreshOpenIncidents(tx, feature.id);
    const verb = target === "paused" ? "pause" : "resume";
    await audit(tx, {
      actor: req.actor,
      action: `feature.${verb}`,
      target: feature.key,
      reason,
      before: { state: feature.state, reason: feature.stateReason },
      after: { state: target, reason },
    });
    const type = target === "paused" ? "paused" : "resumed";
    const changeId = await recordChange(tx, { featureKey: feature.key, type, payload: { state: target, reason, actor: req.actor } });
    await enqueueWebhooks(tx, {
      event: target === "paused" ? "feature.paused" : "feature.resumed",
      featureId: feature.id,
      featureKey: feature.key,
      featureName: feature.name,
      text: `${feature.name} was ${type} by ${req.actor}: ${reason}`,
      details: { state: target, reason, actor: req.actor },
    });
    return { feature: feature.key, state: target, reason, changedAt: changedAt.toISOString(), actor: req.actor, changeId };
  });
  const feed = changeFeed();
  feed.announce();
  await feed.catchUp();
  kickWebhookDelivery();
  return result;
}

export const pauseFeature = (req: StateChangeRequest) => setState(req, "paused");
export const resumeFeature = (req: StateChangeRequest) => setState(req, "running");
