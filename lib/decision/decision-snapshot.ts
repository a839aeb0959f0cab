import { faultKind } from "../db-faults";
import { newRateWindow, type DecisionFeature, type RateWindow } from "../domain/targeting";
import { env } from "../env";
import { log } from "../log";
import { forgetRememberedKeys, rememberVerifiedKeys, verifiedKeys, type ApiKeyIdentity } from "../data/api-keys";
import { ACTIVITY_TYPES, changeFeed, type StateChangeEvent } from "../data/change-feed";
import { listFeatures, type FeatureConfig } from "../data/features";
import { readLocalState, writeLocalState } from "../data/local-state";

// Every feature's decision configuration in memory, replaced as a whole on every change that the
// change feed brings. The decision path reads only this: never the database per request.
//
// A copy is kept on local disk (with the API keys this process has verified), so a process that
// starts while the database is away — a PostgreSQL outage — serves decisions from the last
// snapshot it saw instead of failing to start; it loads from the database again as soon as it can.

export interface DecisionSnapshot {
  /** increases on every reload; part of the bulk evaluation ETag */
  version: number;
  features: ReadonlyMap<string, DecisionFeature>;
  /** the full configuration (every phase) by key, for the ingest path */
  configs: ReadonlyMap<string, FeatureConfig>;
  /** set when read from local disk because the database was away (when it was saved) */
  savedAt?: string;
}

/** A pause applied in memory before (or without) being stored: the stop path must not wait for the disk. */
export interface PauseOverride {
  key: string;
  reason: string;
  actor: string;
  at: string;
}

/** An in-memory pause as the provisional change that carries it (no row id: not stored). */
export const provisionalPause = (o: PauseOverride): StateChangeEvent => ({
  id: 0,
  at: o.at,
  featureKey: o.key,
  type: "paused",
  payload: { state: "paused", reason: o.reason, actor: o.actor },
  provisional: true,
});

interface State {
  current: DecisionSnapshot | null;
  loading: Promise<DecisionSnapshot> | null;
  reloadAgain: boolean;
  windows: Map<string, RateWindow>;
  overrides: Map<string, PauseOverride>;
}

const g = globalThis as unknown as { rollguardDecisionSnapshot?: State };
const state = (): State =>
  (g.rollguardDecisionSnapshot ??= { current: null, loading: null, reloadAgain: false, windows: new Map(), overrides: new Map() });

async function load(version: number): Promise<DecisionSnapshot> {
  const features = new Map<string, DecisionFeature>();
  const configs = new Map<string, FeatureConfig>();
  const overrides = state().overrides;
  for (const f of await listFeatures()) {
    configs.set(f.key, f);
    const p = f.currentPhase;
    // a stored state other than running supersedes an in-memory pause (it was stored, or overtaken)
    if (f.state !== "running") overrides.delete(f.key);
    features.set(f.key, {
      id: f.id,
      key: f.key,
      state: overrides.has(f.key) ? "paused" : f.state,
      phase: p && {
        id: p.id,
        key: p.key,
        audiencePercent: p.audiencePercent,
        segments: p.segments,
        confidenceThreshold: p.confidenceThreshold,
        reviewRate: p.reviewRate,
        rateLimitPerMinute: p.rateLimitPerMinute,
        inputTypes: p.inputTypes,
        lowConfidence: p.lowConfidence,
        educationalOnly: p.educationalOnly,
        expertReview: p.expertReview,
        disclosure: p.disclosure,
      },
    });
  }
  return { version, features, configs };
}

/** Reloads; concurrent requests for a reload share one, and a change during a load loads again. */
function reload(): Promise<DecisionSnapshot> {
  const s = state();
  if (s.loading) {
    s.reloadAgain = true;
    return s.loading;
  }
  s.loading = (async () => {
    try {
      let snap: DecisionSnapshot;
      do {
        s.reloadAgain = false;
        snap = await load((s.current?.version ?? 0) + 1);
      } while (s.reloadAgain);
      s.current = snap;
      forgetRememberedKeys();
      saveSnapshot(snap);
      return snap;
    } finally {
      s.loading = null;
    }
  })();
  return s.loading;
}

const gStarted = globalThis as unknown as {
  rollguardSnapshotSubscribed?: boolean;
  rollguardSnapshotStarting?: Promise<DecisionSnapshot>;
  rollguardSnapshotRetry?: ReturnType<typeof setInterval>;
};

const overrideOf = (change: StateChangeEvent): PauseOverride => ({
  key: change.featureKey,
  reason: String(change.payload.reason ?? ""),
  actor: String(change.payload.actor ?? ""),
  at: change.at,
});

function subscribeOnce() {
  if (gStarted.rollguardSnapshotSubscribed) return;
  gStarted.rollguardSnapshotSubscribed = true;
  const feed = changeFeed();
  feed.subscribe(async (change) => {
    // a pause in effect in memory only (the app's, or sent by it to its decision listener)
    if (change.provisional) return void (change.type === "paused" && applyPauseOverride(overrideOf(change)));
    if (change.type === "key_revoked") return void saveSnapshot(state().current); // the revoked key leaves the disk copy too
    if (change.type === "key_created") return; // keys are looked up per request (lib/data/api-keys.ts)
    // a stored pause is obeyed before the reload has read the table (the stop path never waits on it)
    if (change.type === "paused") pausedNow(change.featureKey);
    if (change.type !== "user_changed" && !ACTIVITY_TYPES.has(change.type)) await reload();
  });
  // the database is back after an outage: what is stored decides again (memory and storage agree)
  feed.onRecovery(() => void reload().catch(() => undefined));
}

async function startFromDatabase(): Promise<DecisionSnapshot> {
  subscribeOnce();
  await changeFeed().start();
  return state().current ?? reload();
}

/** The current snapshot; the first call loads it (from local disk when the database is away) and subscribes to changes. */
export function decisionSnapshot(): DecisionSnapshot | Promise<DecisionSnapshot> {
  const current = state().current;
  if (current) return current;
  gStarted.rollguardSnapshotStarting ??= startFromDatabase()
    .catch((e: unknown) => {
      const saved = faultKind(e) ? savedSnapshot() : null;
      if (!saved) throw e;
      const s = state();
      s.current ??= saved;
      log.warn("decision snapshot: the database is away; serving the copy saved on local disk until it is back", {
        savedAt: saved.savedAt,
        features: saved.features.size,
      });
      retryStartFromDatabase();
      return s.current;
    })
    .finally(() => {
      gStarted.rollguardSnapshotStarting = undefined;
    });
  return gStarted.rollguardSnapshotStarting;
}

function retryStartFromDatabase() {
  if (gStarted.rollguardSnapshotRetry) return;
  gStarted.rollguardSnapshotRetry = setInterval(() => {
    void startFromDatabase()
      .then(() => reload())
      .then(() => {
        clearInterval(gStarted.rollguardSnapshotRetry);
        gStarted.rollguardSnapshotRetry = undefined;
        log.info("decision snapshot: loaded from the database again");
      })
      .catch(() => undefined);
  }, 1000);
  gStarted.rollguardSnapshotRetry.unref?.();
}

// --- the copy on local disk ---

interface SavedSnapshot {
  savedAt: string;
  features: DecisionFeature[];
  configs: FeatureConfig[];
  keys: [string, ApiKeyIdentity][];
}

const SNAPSHOT_FILE = () => `decision-snapshot-${env().ROLLGUARD_PROCESS_ROLE}.json`;
const OTHER_SNAPSHOT_FILE = () => `decision-snapshot-${env().ROLLGUARD_PROCESS_ROLE === "listener" ? "app" : "listener"}.json`;

const gSave = globalThis as unknown as {
  rollguardSnapshotSaver?: ReturnType<typeof setInterval>;
  rollguardSnapshotSaveSoon?: ReturnType<typeof setTimeout> | null;
};

/**
 * Writes the snapshot and the verified keys to local disk soon (coalesced, off the moment a change
 * is applied; unchanged content is not rewritten), and every few seconds for keys verified since.
 */
function saveSnapshot(snap: DecisionSnapshot | null) {
  if (!snap || snap.savedAt || gSave.rollguardSnapshotSaveSoon) return;
  gSave.rollguardSnapshotSaveSoon = setTimeout(() => {
    gSave.rollguardSnapshotSaveSoon = null;
    const current = state().current;
    if (!current || current.savedAt) return;
    writeLocalState(SNAPSHOT_FILE(), {
      savedAt: new Date().toISOString(),
      features: [...current.features.values()],
      configs: [...current.configs.values()],
      keys: verifiedKeys(),
    } satisfies SavedSnapshot);
  }, 200);
  gSave.rollguardSnapshotSaveSoon.unref?.();
  gSave.rollguardSnapshotSaver ??= setInterval(() => saveSnapshot(state().current), 5000);
  gSave.rollguardSnapshotSaver.unref?.();
}

const reviveDate = (d: unknown) => (typeof d === "string" ? new Date(d) : null);

/** The snapshot saved on local disk (this process's, else the other process's of this instance), or null. */
export function savedSnapshot(): DecisionSnapshot | null {
  const saved = readLocalState<SavedSnapshot>(SNAPSHOT_FILE()) ?? readLocalState<SavedSnapshot>(OTHER_SNAPSHOT_FILE());
  if (!saved || !Array.isArray(saved.features)) return null;
  const overrides = state().overrides;
  const features = new Map(saved.features.map((f) => [f.key, overrides.has(f.key) ? { ...f, state: "paused" } : f]));
  const configs = new Map(
    (saved.configs ?? []).map((c) => {
      const phase = (p: FeatureConfig["phases"][number]) => ({ ...p, startedAt: reviveDate(p.startedAt), endedAt: reviveDate(p.endedAt) });
      const phases = c.phases.map(phase);
      return [c.key, { ...c, stateChangedAt: new Date(c.stateChangedAt), phases, currentPhase: c.currentPhase && phase(c.currentPhase) }];
    }),
  );
  rememberVerifiedKeys(saved.keys ?? []);
  return { version: 1, features, configs, savedAt: saved.savedAt };
}

/** The feature answers as paused in the current snapshot (until the next reload replaces it). */
function pausedNow(key: string): void {
  const s = state();
  const current = s.current;
  const feature = current?.features.get(key);
  if (!current || !feature || feature.state === "paused") return;
  const features = new Map(current.features);
  features.set(key, { ...feature, state: "paused" });
  s.current = { ...current, version: current.version + 1, features };
}

/**
 * Pauses a feature in this process's snapshot at once, before anything is stored; it holds until
 * a reload finds the feature stored as paused (or otherwise not running), or until dropped.
 */
export function applyPauseOverride(o: PauseOverride): void {
  const s = state();
  // Already stored as paused (the listener's process may hear the stored change, through NOTIFY on
  // PostgreSQL, before the app's message about the in-memory pause): the stored state decides, and
  // an override kept now would outlive the resume.
  if (s.current?.features.get(o.key)?.state === "paused" && !s.overrides.has(o.key)) return;
  s.overrides.set(o.key, o);
  pausedNow(o.key);
}

/** Forgets an in-memory pause (the stored state decides again from the next reload). */
export function dropPauseOverride(key: string): void {
  state().overrides.delete(key);
}

/** The pauses in effect from memory only (not yet stored). */
export function pauseOverrides(): PauseOverride[] {
  return [...state().overrides.values()];
}

/** Reloads the snapshot from the database now (after a change was stored). */
export const reloadDecisionSnapshot = () => reload();

/**
 * The snapshot once any reload in progress has finished: what a client that refetches after a
 * change notification will be answered from (the change feed hands a change to every listener at
 * once, and the snapshot's listener starts its reload before a stream's listener runs).
 */
export async function settledSnapshot(): Promise<DecisionSnapshot> {
  const s = state();
  return s.loading ?? decisionSnapshot();
}

/** The in-memory rate window of a phase (per instance: a limit of N is N per instance). */
export function rateWindow(phaseId: string): RateWindow {
  const windows = state().windows;
  let w = windows.get(phaseId);
  if (!w) {
    w = newRateWindow();
    windows.set(phaseId, w);
  }
  return w;
}
