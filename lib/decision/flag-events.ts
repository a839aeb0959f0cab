import type { ApiKeyIdentity } from "../data/api-keys";
import { changeFeed, changesSince, STREAMED_TYPES, type StateChangeEvent } from "../data/change-feed";
import { settledSnapshot, type DecisionSnapshot } from "./decision-snapshot";

// OFREP change notifications (ADR-0008): the Server-Sent Events stream that the bulk evaluation
// advertises in `eventStreams`. Notification only: each change that affects what the key may
// evaluate becomes one `refetchEvaluation` event, and the provider re-fetches the bulk evaluation.
//
//   id: 412
//   event: message
//   data: {"type":"refetchEvaluation","etag":"\"c412\"","lastModified":1771622898}
//
// `etag` names the configuration version (the change id), not a bulk answer's ETag: that one
// depends on each client's context. The provider sends it back as `flagConfigEtag` on its
// re-fetch, which is how the proof panel counts the clients that have refetched since a change.
// Ids are StateChange ids: a reconnecting client's `Last-Event-ID` replays what it missed (as
// one coalesced notification). A revoked key's open streams are closed.

export const FLAG_EVENTS_HEARTBEAT_MS = 15_000;
/** Advertised to providers: close the stream after this long in a hidden tab, refetch on return. */
export const INACTIVITY_DELAY_SEC = 120;
const encoder = new TextEncoder();

export const configEtag = (changeId: number) => `"c${changeId}"`;

export function formatRefetchEvent(e: Pick<StateChangeEvent, "id" | "at">): string {
  const data = { type: "refetchEvaluation", etag: configEtag(e.id), lastModified: Math.floor(Date.parse(e.at) / 1000) };
  return `id: ${e.id}\nevent: message\ndata: ${JSON.stringify(data)}\n\n`;
}

// ---- live figures for the proof panel (this process's streams and refetches) ----

interface FeatureStreamStats {
  connected: number;
  /** the newest change notified for this feature, and the clients that refetched after it */
  lastChangeId: number;
  lastChangeAt: number;
  notified: number;
  refetched: number;
}

const g = globalThis as unknown as { rollguardFlagStreamStats?: Map<string, FeatureStreamStats> };
const stats = () => (g.rollguardFlagStreamStats ??= new Map());
const statsOf = (featureKey: string) => {
  let s = stats().get(featureKey);
  if (!s) stats().set(featureKey, (s = { connected: 0, lastChangeId: 0, lastChangeAt: 0, notified: 0, refetched: 0 }));
  return s;
};

export function flagStreamStats(): Record<string, FeatureStreamStats> {
  return Object.fromEntries([...stats()].map(([k, v]) => [k, { ...v }]));
}

/**
 * A bulk re-fetch triggered by a notification (`flagConfigEtag` = `"c<id>"`): counted once per
 * request against every feature whose newest notified change is that one.
 */
export function countRefetch(flagConfigEtag: string | null, featureKeys: Iterable<string>): void {
  const m = flagConfigEtag ? /^"c(\d+)"$/.exec(flagConfigEtag) : null;
  if (!m) return;
  const id = Number(m[1]);
  for (const key of featureKeys) {
    const s = stats().get(key);
    if (s && s.lastChangeId === id) s.refetched++;
  }
}

/** The keys of the features a key may evaluate (every feature when it is unrestricted). */
export function featureKeysOf(snapshot: DecisionSnapshot, identity: Pick<ApiKeyIdentity, "featureIds">): string[] {
  const all = [...snapshot.features.values()];
  return (identity.featureIds ? all.filter((f) => identity.featureIds!.includes(f.id)) : all).map((f) => f.key);
}

export interface FlagEventStreamOptions {
  key: ApiKeyIdentity;
  lastEventId: number | null;
  signal?: AbortSignal;
  heartbeatMs?: number;
}

export function flagEventStream(options: FlagEventStreamOptions): ReadableStream<Uint8Array> {
  const { key } = options;
  // a key restricted to features hears only their changes; an unrestricted one hears every change
  // (a new feature is a change in what it may evaluate too)
  const affects = (e: StateChangeEvent, snapshot: DecisionSnapshot) => {
    if (!STREAMED_TYPES.has(e.type)) return false;
    if (!key.featureIds) return true;
    const f = snapshot.features.get(e.featureKey);
    return f !== undefined && key.featureIds.includes(f.id);
  };
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      let lastSent = options.lastEventId ?? 0;
      let buffer: StateChangeEvent[] | null = options.lastEventId !== null ? [] : null;
      let counted: string[] = [];
      const write = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const send = async (events: StateChangeEvent[]) => {
        const snapshot = await settledSnapshot();
        const relevant = events.filter((e) => e.id > lastSent && affects(e, snapshot));
        if (relevant.length === 0 || closed) return;
        const newest = relevant[relevant.length - 1];
        lastSent = newest.id;
        for (const e of relevant) {
          const s = statsOf(e.featureKey);
          if (s.lastChangeId !== e.id) Object.assign(s, { lastChangeId: e.id, lastChangeAt: Date.parse(e.at), notified: 0, refetched: 0 });
          s.notified++;
        }
        write(formatRefetchEvent(newest));
      };
      const feed = changeFeed();
      const unsubscribe = feed.subscribe(async (e) => {
        if (e.type === "key_revoked" && (e.payload as { prefix?: string }).prefix === key.prefix) return cleanup();
        if (buffer) buffer.push(e);
        else await send([e]);
      });
      const heartbeat = setInterval(() => write(": heartbeat\n\n"), options.heartbeatMs ?? FLAG_EVENTS_HEARTBEAT_MS);
      cleanup = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        clearInterval(heartbeat);
        for (const k of counted) statsOf(k).connected--;
        counted = [];
        options.signal?.removeEventListener("abort", cleanup);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      options.signal?.addEventListener("abort", cleanup);
      write(`retry: 1000\n: connected\n\n`);
      const heard = featureKeysOf(await settledSnapshot(), key);
      if (!closed) for (const k of (counted = heard)) statsOf(k).connected++;
      await feed.start();
      if (buffer) {
        // What the client missed while away, then whatever arrived meanwhile: one notification.
        const missed = [...(await changesSince(lastSent)), ...buffer];
        buffer = null;
        await send(missed.sort((a, b) => a.id - b.id));
      }
    },
    cancel() {
      cleanup();
    },
  });
}
