import { db } from "../db";
import { MINUTE_MS } from "../domain/buckets";
import { fillMinutes, obeyVerdict, PAUSE_GRACE_MS, type MinuteCounts, type ObeyVerdict, type ShownWhilePaused } from "../domain/proof";
import { rollupTotals } from "./rollup-reader";
import { decisionsPerMinute } from "../decision/decision-counts";
import { flagStreamStats } from "../decision/flag-events";

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

export async function productProof(
  feature: { id: string; key: string; state: string },
  now = Date.now(),
  minutes = 15,
): Promise<ProductProof> {
  const toMinute = Math.floor(now / 60_000);
  const fromMinute = toMinute - minutes + 1;
  const [change, rows, lastShown] = await Promise.all([
    db.stateChange.findFirst({ where: { featureKey: feature.key, type: { in: ["paused", "resumed"] } }, orderBy: { id: "desc" } }),
    decisionsPerMinute(feature.id, fromMinute),
    db.output.findFirst({ where: { featureId: feature.id, shown: true }, orderBy: { at: "desc" }, select: { at: true } }),
  ]);
  const paused = feature.state === "paused" && change?.type === "paused";
  const aiShownAfterPause = paused ? (await shownWhilePaused(feature.id, change!.at.getTime())).shown : 0;
  const own = flagStreamStats()[feature.key];
  const listener = g.rollguardListenerStreamStats?.[feature.key];
  const stream = [own, listener].reduce(
    (acc, s) =>
      s
        ? {
            connected: acc.connected + s.connected,
            notified: acc.notified + s.notified,
            refetched: acc.refetched + s.refetched,
            changeAt: Math.max(acc.changeAt ?? 0, s.lastChangeAt) || null,
          }
        : acc,
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

/**
 * AI answers reported as shown after a pause at `pausedAt` plus its grace, exactly and cheaply
 * however long the pause: the raw outputs (index on featureId, at) only up to the end of the
 * minute the grace ends in, the minute and hour rollups' `shown` from then on. The newest of
 * them (`withLast`) is one more indexed read, walking back from the newest output.
 */
export async function shownWhilePaused(featureId: string, pausedAt: number, now = Date.now(), withLast = false): Promise<ShownWhilePaused> {
  const graceEnd = pausedAt + PAUSE_GRACE_MS;
  const firstWholeMinute = Math.floor(graceEnd / MINUTE_MS) + 1;
  const [head, rest] = await Promise.all([
    db.output.count({ where: { featureId, shown: true, at: { gt: BigInt(graceEnd), lt: BigInt(firstWholeMinute * MINUTE_MS) } } }),
    // outputs may carry timestamps a little ahead of this clock: read to the end of the next hour
    rollupTotals({ featureId, fromMinute: firstWholeMinute, toMinute: Math.max(firstWholeMinute, Math.floor(now / MINUTE_MS) + 61) }, [
      "shown",
    ]),
  ]);
  const shown = head + rest.shown!;
  let lastShownAt: number | null = null;
  if (withLast && shown > 0) {
    const last = await db.output.findFirst({
      where: { featureId, shown: true, at: { gt: BigInt(graceEnd) } },
      orderBy: { at: "desc" },
      select: { at: true },
    });
    lastShownAt = last ? Number(last.at) : null;
  }
  return { pausedAt, shown, lastShownAt };
}
