import { db } from "../db";
import { fillMinutes, obeyVerdict, PAUSE_GRACE_MS, type MinuteCounts, type ObeyVerdict } from "../domain/proof";
import { decisionsPerMinute } from "./decision-counts";
import { flagStreamStats } from "./flag-events";

// The proof that the product obeyed the switch, for one feature: decisions served per minute by
// outcome (DecisionMinute), the OFREP event-stream clients and their refetches since the last
// change (in memory: this process's and its decision listener's, reported over IPC), and the AI
// answers the product still reported as shown after a pause.

const g = globalThis as unknown as { rollguardListenerStreamStats?: ReturnType<typeof flagStreamStats> };

/** The decision listener's latest stream figures (it sends them to the app's process every second). */
export function recordListenerStreamStats(stats: ReturnType<typeof flagStreamStats>): void {
  g.rollguardListenerStreamStats = stats;
}

export interface ProductProof {
  state: string;
  /** the newest pause or resume */
  lastChange: { type: "paused" | "resumed"; at: number } | null;
  graceMs: number;
  minutes: MinuteCounts[];
  stream: { connected: number; notified: number; refetched: number; changeAt: number | null };
  aiShownAfterPause: number;
  lastAiShownAt: number | null;
  verdict: ObeyVerdict;
}

export async function productProof(feature: { id: string; key: string; state: string }, now = Date.now(), minutes = 15): Promise<ProductProof> {
  const toMinute = Math.floor(now / 60_000);
  const fromMinute = toMinute - minutes + 1;
  const [change, rows, lastShown] = await Promise.all([
    db.stateChange.findFirst({ where: { featureKey: feature.key, type: { in: ["paused", "resumed"] } }, orderBy: { id: "desc" } }),
    decisionsPerMinute(feature.id, fromMinute),
    db.output.findFirst({ where: { featureId: feature.id, shown: true }, orderBy: { at: "desc" }, select: { at: true } }),
  ]);
  const paused = feature.state === "paused" && change?.type === "paused";
  const after = paused ? BigInt(change!.at.getTime() + PAUSE_GRACE_MS) : null;
  const aiShownAfterPause = after === null ? 0 : await db.output.count({ where: { featureId: feature.id, shown: true, at: { gt: after } } });
  const own = flagStreamStats()[feature.key];
  const listener = g.rollguardListenerStreamStats?.[feature.key];
  const stream = [own, listener].reduce(
    (acc, s) => (s ? { connected: acc.connected + s.connected, notified: acc.notified + s.notified, refetched: acc.refetched + s.refetched, changeAt: Math.max(acc.changeAt ?? 0, s.lastChangeAt) || null } : acc),
    { connected: 0, notified: 0, refetched: 0, changeAt: null as number | null },
  );
  return {
    state: feature.state,
    lastChange: change ? { type: change.type as "paused" | "resumed", at: change.at.getTime() } : null,
    graceMs: PAUSE_GRACE_MS,
    minutes: fillMinutes(rows, fromMinute, toMinute),
    stream,
    aiShownAfterPause,
    lastAiShownAt: lastShown ? Number(lastShown.at) : null,
    verdict: obeyVerdict(paused, aiShownAfterPause),
  };
}
