import { newRateWindow, type DecisionFeature, type RateWindow } from "../domain/targeting";
import { ACTIVITY_TYPES, changeFeed } from "./change-feed";
import { listFeatures, type FeatureConfig } from "./features";

// Every feature's decision configuration in memory, replaced as a whole on every change that the
// change feed brings. The decision path reads only this: never the database per request.

export interface DecisionSnapshot {
  /** increases on every reload; part of the bulk evaluation ETag */
  version: number;
  features: ReadonlyMap<string, DecisionFeature>;
  /** the full configuration (every phase) by key, for the ingest path */
  configs: ReadonlyMap<string, FeatureConfig>;
}

interface State {
  current: DecisionSnapshot | null;
  loading: Promise<DecisionSnapshot> | null;
  reloadAgain: boolean;
  windows: Map<string, RateWindow>;
}

const g = globalThis as unknown as { rollguardDecisionSnapshot?: State };
const state = (): State => (g.rollguardDecisionSnapshot ??= { current: null, loading: null, reloadAgain: false, windows: new Map() });

async function load(version: number): Promise<DecisionSnapshot> {
  const features = new Map<string, DecisionFeature>();
  const configs = new Map<string, FeatureConfig>();
  for (const f of await listFeatures()) {
    configs.set(f.key, f);
    const p = f.currentPhase;
    features.set(f.key, {
      id: f.id,
      key: f.key,
      state: f.state,
      phase: p && {
        id: p.id,
        key: p.key,
        audiencePercent: p.audiencePercent,
        segments: p.segments,
        confidenceThreshold: p.confidenceThreshold,
        reviewRate: p.reviewRate,
        rateLimitPerMinute: p.rateLimitPerMinute,
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
      return snap;
    } finally {
      s.loading = null;
    }
  })();
  return s.loading;
}

const gStarted = globalThis as unknown as { rollguardSnapshotSubscribed?: Promise<void> };

/** The current snapshot; the first call loads it and subscribes to changes. */
export function decisionSnapshot(): DecisionSnapshot | Promise<DecisionSnapshot> {
  const current = state().current;
  if (current) return current;
  gStarted.rollguardSnapshotSubscribed ??= (async () => {
    const feed = changeFeed();
    feed.subscribe(async (change) => {
      if (change.type !== "key_revoked" && !ACTIVITY_TYPES.has(change.type)) await reload();
    });
    await feed.start();
  })();
  return gStarted.rollguardSnapshotSubscribed.then(() => state().current ?? reload());
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
