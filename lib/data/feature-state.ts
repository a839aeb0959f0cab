import { faultKind, type FaultKind } from "../db-faults";
import { AppError, notFound } from "../errors";
import { log } from "../log";
import { audit } from "./audit";
import { commitChange, changeFeed, recordChange } from "./change-feed";
import { applyPauseOverride, decisionSnapshot, dropPauseOverride, pauseOverrides, reloadDecisionSnapshot, type PauseOverride } from "./decision-snapshot";
import { actorDisplayName } from "./actor-names";
import { refreshOpenIncidents, unresolvedIncidentId } from "./incidents";
import { enqueueWebhooks, kickWebhookDelivery } from "./webhooks";

// The kill switch. State, audit event, stream row and webhook deliveries commit together in one
// transaction; after the commit the change feed is caught up, so that when this returns the
// decision snapshot of this instance already answers `false` and SSE subscribers have the event.
//
// The stop path is the last thing to fail: a pause is applied to the in-memory decision snapshot
// and told to the streams (and the decision listener's process) the moment it is accepted, and
// only then stored. When it cannot be stored (disk full, database locked), the decision API keeps
// answering `false` from memory, the operator is told exactly that (202, `stored: false`), and
// the pause is stored by itself as soon as the database takes writes again.

/** How long a pause may wait for the write lock and take to store before the operator is answered. */
const PAUSE_WAIT_MS = 1000;
const PAUSE_RETRY_MS = 3000;
/** Streams hear an unstored pause after this long (or at once when storing fails). */
const PROVISIONAL_AFTER_MS = 100;

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
}

type Target = "paused" | "running";

async function setState(req: StateChangeRequest, target: Target, override?: PauseOverride): Promise<FeatureStateResult> {
  const reason = req.reason.trim();
  if (!reason) throw new AppError("reason_required", 400, "A reason is required");
  if (target === "running" && req.actor.startsWith("rule:")) {
    // A rule may stop a feature, never start it again: resuming is a human decision.
    throw new AppError("forbidden", 403, "Only a person or an API key may resume a feature");
  }
  const result = await commitChange(async (tx) => {
    const feature = await tx.feature.findUnique({ where: { key: req.key } });
    if (!feature) throw notFound(`No feature with key "${req.key}"`);
    if (target === "paused" && feature.state === "paused") throw new AppError("already_paused", 409, `"${req.key}" is already paused`, { since: feature.stateChangedAt.toISOString(), reason: feature.stateReason });
    if (target === "paused" && feature.state !== "running") throw new AppError("not_running", 409, `"${req.key}" is ${feature.state}, not running`);
    if (target === "running" && feature.state !== "paused") throw new AppError("not_paused", 409, `"${req.key}" is not paused (it is ${feature.state})`);
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
  }, override ? { priority: true, waitMs: PAUSE_WAIT_MS } : {});
  kickWebhookDelivery();
  return result;
}

const notStoredMessage = (key: string, kind: FaultKind) =>
  `The pause is in effect: the decision API answers false for "${key}" from memory and open streams were told. ` +
  (kind === "storage_full"
    ? "It could not be saved because the database's disk is full: free disk space on the server. "
    : "It could not be saved because the database is unavailable (locked by another process or failing): check the database. ") +
  "Rollguard saves the pause by itself as soon as the database takes writes again; until then a restart of Rollguard would lose it — pause again after a restart.";

const gp = globalThis as unknown as { rollguardPendingPauses?: Map<string, { req: StateChangeRequest; override: PauseOverride }>; rollguardPauseRetry?: ReturnType<typeof setInterval> };
const pending = () => (gp.rollguardPendingPauses ??= new Map());

/** Pauses: in memory first (snapshot, streams, listener), then stored. */
export async function pauseFeature(req: StateChangeRequest): Promise<FeatureStateResult> {
  const reason = req.reason.trim();
  if (!reason) throw new AppError("reason_required", 400, "A reason is required");
  const known = (await decisionSnapshot()).features.get(req.key);
  if (!known) return setState(req, "paused"); // not in the snapshot yet: the stored path decides
  if (known.state === "paused" || pending().has(req.key)) {
    const o = pauseOverrides().find((p) => p.key === req.key);
    throw new AppError("already_paused", 409, `"${req.key}" is already paused`, o ? { since: o.at, reason: o.reason } : undefined);
  }
  if (known.state !== "running") throw new AppError("not_running", 409, `"${req.key}" is ${known.state}, not running`);
  const override: PauseOverride = { key: req.key, reason, actor: req.actor, at: new Date().toISOString() };
  applyPauseOverride(override);
  // Streams hear the stored change (with its id) within milliseconds; when storing is slow or
  // fails they hear the pause at once from memory instead (an event without an id).
  let announced = false;
  const announce = () => {
    if (announced) return;
    announced = true;
    void changeFeed().dispatchLocal({
      id: 0,
      at: override.at,
      featureKey: req.key,
      type: "paused",
      payload: { state: "paused", reason, actor: req.actor },
      provisional: true,
    });
  };
  const slow = setTimeout(announce, PROVISIONAL_AFTER_MS);
  try {
    const stored = await setState({ ...req, reason }, "paused", override);
    clearTimeout(slow);
    announced = true;
    return stored;
  } catch (e) {
    clearTimeout(slow);
    const kind = faultKind(e);
    if (!kind) {
      // refused by the stored state (paused elsewhere, completed): that state decides
      announced = true;
      dropPauseOverride(req.key);
      await reloadDecisionSnapshot().catch(() => {});
      throw e;
    }
    announce();
    pending().set(req.key, { req: { ...req, reason }, override });
    schedulePauseRetry();
    log.warn("pause in effect from memory, not stored yet", { feature: req.key, kind });
    return {
      feature: req.key,
      state: "paused",
      reason,
      changedAt: override.at,
      actor: req.actor,
      changeId: 0,
      stored: false,
      warning: { code: "pause_not_stored", message: notStoredMessage(req.key, kind) },
    };
  }
}

/** Stores the pauses that are in effect from memory only; true when none is left. */
export async function storePendingPauses(): Promise<boolean> {
  for (const [key, { req, override }] of pending()) {
    try {
      await setState(req, "paused", override);
      pending().delete(key);
      log.info("pause stored after the database recovered", { feature: key });
    } catch (e) {
      if (faultKind(e)) return false;
      pending().delete(key); // the stored state overtook it (e.g. paused elsewhere)
      dropPauseOverride(key);
    }
  }
  return pending().size === 0;
}

function schedulePauseRetry() {
  if (gp.rollguardPauseRetry) return;
  gp.rollguardPauseRetry = setInterval(() => {
    void storePendingPauses().then((done) => {
      if (done && gp.rollguardPauseRetry) {
        clearInterval(gp.rollguardPauseRetry);
        gp.rollguardPauseRetry = undefined;
      }
    });
  }, PAUSE_RETRY_MS);
  gp.rollguardPauseRetry.unref?.();
}

/** Resumes; a pause still waiting to be stored is stored first (if it cannot be, the feature stays paused). */
export async function resumeFeature(req: StateChangeRequest): Promise<FeatureStateResult> {
  if (pending().has(req.key) && !(await storePendingPauses())) {
    throw new AppError("pause_not_stored", 503, `"${req.key}" stays paused: its pause is not stored yet because the database does not take writes. Resume once it does.`, undefined, { "retry-after": "5" });
  }
  return setState(req, "running");
}
