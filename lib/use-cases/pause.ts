import { faultKind, type FaultKind } from "../db-faults";
import { AppError } from "../errors";
import { log } from "../log";
import { sharedByInstances } from "../store/notify";
import { changeFeed } from "../data/change-feed";
import {
  applyPauseOverride,
  decisionSnapshot,
  dropPauseOverride,
  pauseOverrides,
  reloadDecisionSnapshot,
  type PauseOverride,
} from "../decision/decision-snapshot";
import { readLocalState, writeLocalState } from "../data/local-state";
import { storeStateChange, type FeatureStateResult, type StateChangeRequest } from "./state-change";

// Pause: the kill switch's stop path (the stored change itself is ./state-change.ts).
//
// The stop path is the last thing to fail: a pause is applied to the in-memory decision snapshot
// the moment it is accepted, and only then stored. The streams and the decision listener's process
// hear one change: the stored one, or — when storing takes longer than PROVISIONAL_AFTER_MS or
// fails — the pause in memory (`commitChange`'s provisional change). When it cannot be stored (disk full, database locked), the decision API keeps
// answering `false` from memory, the operator is told exactly that (202, `stored: false`), and
// the pause is stored by itself as soon as the database takes writes again.
//
// The same holds on PostgreSQL when the server is down, restarting, read-only or hung: the store
// attempt has a deadline (PAUSE_ANSWER_MS, the operator is answered within 2 s whatever the server
// does), the pause is applied in this instance and its decision listener, and kept on local disk
// (pending-pauses.json in the state folder) so that a restart during the outage keeps it. The other
// instances learn it from the change feed once it is stored.

const PAUSE_RETRY_MS = 3000;
/**
 * The stop path's promise: the operator has an answer (stored, or in effect from memory) within 2 s.
 * A store not done after PAUSE_ANSWER_MS is given up on (202) when the database has answered
 * nothing since the pause began — the change feed polls it 4 times a second, so silence means it
 * is hung — and waited for up to PAUSE_SLOW_MS when it answers, only slowly (a loaded machine).
 */
const PAUSE_ANSWER_MS = 1500;
const PAUSE_SLOW_MS = 5000;
const PENDING_FILE = "pending-pauses.json";

const notStoredMessage = (key: string, kind: FaultKind) =>
  `The pause is in effect: the decision API answers false for "${key}" from memory and open streams were told. ` +
  (kind === "storage_full"
    ? "It could not be saved because the database's disk is full: free disk space on the server. "
    : "It could not be saved because the database is unavailable (unreachable, restarting, read-only, locked or failing): check the database. ") +
  (sharedByInstances()
    ? "It is in effect on this instance only (its decision API and streams); other instances learn it when the database is back. "
    : "") +
  "Rollguard saves the pause by itself as soon as the database takes writes again, and keeps it on this machine's disk meanwhile (a restart keeps it).";

interface PendingPause {
  req: StateChangeRequest;
  override: PauseOverride;
  /** a store attempt still running (past the answer deadline): the retry leaves it alone */
  inflight?: Promise<unknown>;
}

const gp = globalThis as unknown as {
  rollguardPendingPauses?: Map<string, PendingPause>;
  rollguardPauseRetry?: ReturnType<typeof setInterval>;
  rollguardPauseStoring?: Promise<boolean> | null;
};
const pending = () => (gp.rollguardPendingPauses ??= new Map());

/** The pending pauses on local disk: written at every change, read back at start-up. */
function savePending() {
  writeLocalState(
    PENDING_FILE,
    [...pending().values()].map(({ req, override }) => ({ req, override })),
  );
}

/**
 * At start-up: the pauses that were in effect from memory only when this instance stopped are in
 * effect again (snapshot, decision listener) and are stored as soon as the database takes writes.
 */
export function restorePendingPauses(): number {
  const saved = readLocalState<{ req: StateChangeRequest; override: PauseOverride }[]>(PENDING_FILE) ?? [];
  for (const p of saved) {
    if (!p?.req?.key || !p.override?.at || pending().has(p.req.key)) continue;
    applyPauseOverride(p.override);
    pending().set(p.req.key, { req: p.req, override: p.override });
  }
  if (pending().size > 0) {
    log.warn("pauses not stored before the restart are in effect again; storing them", { features: [...pending().keys()] });
    void storePendingPauses().then((done) => done || schedulePauseRetry());
  }
  return saved.length;
}

/** The pauses in effect from memory only, waiting to be stored. */
export const pendingPauseKeys = () => [...pending().keys()];

/** True while a pause of `key` is in effect from memory only, not stored yet. */
export const hasPendingPause = (key: string) => pending().has(key);

/** Pauses: in memory first (snapshot, streams, listener), then stored. */
export async function pauseFeature(req: StateChangeRequest): Promise<FeatureStateResult> {
  const reason = req.reason.trim();
  if (!reason) throw new AppError("reason_required", 400, "A reason is required");
  const known = (await decisionSnapshot()).features.get(req.key);
  if (!known) return storeStateChange(req, "paused"); // not in the snapshot yet: the stored path decides
  if (known.state === "paused" || pending().has(req.key)) {
    const o = pauseOverrides().find((p) => p.key === req.key);
    throw new AppError("already_paused", 409, `"${req.key}" is already paused`, o ? { since: o.at, reason: o.reason } : undefined);
  }
  if (known.state !== "running") throw new AppError("not_running", 409, `"${req.key}" is ${known.state}, not running`);
  const override: PauseOverride = { key: req.key, reason, actor: req.actor, at: new Date().toISOString() };
  applyPauseOverride(override);
  // Streams and the decision listener hear the stored change (with its id) within milliseconds;
  // when storing is slow or fails they hear the pause from memory instead (a change without an id).
  const attempt = storeStateChange({ ...req, reason }, "paused", override, true);
  const began = Date.now();
  let late: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<"late">((resolve) => {
    late = setTimeout(() => {
      const answered = (changeFeed().lastPollOkAt ?? 0) >= began;
      if (!answered) return resolve("late");
      late = setTimeout(() => resolve("late"), PAUSE_SLOW_MS - PAUSE_ANSWER_MS);
    }, PAUSE_ANSWER_MS);
  });
  try {
    const stored = await Promise.race([attempt, deadline]);
    clearTimeout(late);
    if (stored === "late") {
      // A hung database (no answer, no error): the operator is answered now; the attempt goes on.
      const entry: PendingPause = { req: { ...req, reason }, override };
      entry.inflight = attempt.then(
        () => {
          if (pending().get(req.key) === entry) pending().delete(req.key);
          savePending();
        },
        (e: unknown) => {
          entry.inflight = undefined;
          if (faultKind(e)) return;
          pending().delete(req.key); // the stored state decided otherwise (paused elsewhere)
          savePending();
          dropPauseOverride(req.key);
          void reloadDecisionSnapshot().catch(() => {});
        },
      );
      return notStored(req, reason, override, "database_unavailable", entry);
    }
    return stored;
  } catch (e) {
    clearTimeout(late);
    const kind = faultKind(e);
    if (!kind) {
      // refused by the stored state (paused elsewhere, completed): that state decides
      dropPauseOverride(req.key);
      await reloadDecisionSnapshot().catch(() => {});
      throw e;
    }
    return notStored(req, reason, override, kind, { req: { ...req, reason }, override });
  }
}

function notStored(
  req: StateChangeRequest,
  reason: string,
  override: PauseOverride,
  kind: FaultKind,
  entry: PendingPause,
): FeatureStateResult {
  pending().set(req.key, entry);
  savePending();
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
    reached: ["this instance (its decision API, its decision listener and its open streams)"],
  };
}

/** Stores the pauses that are in effect from memory only; true when none is left. One pass at a time. */
export function storePendingPauses(): Promise<boolean> {
  gp.rollguardPauseStoring ??= storeEach().finally(() => {
    gp.rollguardPauseStoring = null;
  });
  return gp.rollguardPauseStoring;
}

async function storeEach(): Promise<boolean> {
  for (const [key, entry] of pending()) {
    if (entry.inflight) {
      await entry.inflight.catch(() => undefined);
      if (pending().get(key) !== entry) continue;
    }
    try {
      await storeStateChange(entry.req, "paused", entry.override);
      pending().delete(key);
      savePending();
      log.info("pause stored after the database recovered", { feature: key });
    } catch (e) {
      if (faultKind(e)) return false;
      pending().delete(key); // the stored state overtook it (e.g. paused elsewhere, or completed)
      savePending();
      dropPauseOverride(key);
      void reloadDecisionSnapshot().catch(() => {});
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
