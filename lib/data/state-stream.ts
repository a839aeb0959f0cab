import { changeFeed, changesSince, STREAMED_TYPES, type StateChangeEvent } from "./change-feed";

// Server-Sent Events of feature state changes. Live events are pushed by the change feed the
// moment it dispatches them (no per-connection polling); `Last-Event-ID` replays the rows after
// that id from the table first. Event ids are StateChange ids, so a client that reconnects to
// another instance resumes exactly where it left off.

export const HEARTBEAT_MS = 15_000;
const encoder = new TextEncoder();

export function formatEvent(e: StateChangeEvent): string {
  const data = { id: e.id, type: e.type, feature: e.featureKey, at: e.at, ...e.payload };
  return `id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(data)}\n\n`;
}

export interface StreamOptions {
  lastEventId: number | null;
  /** only this feature's changes (keys restricted to one feature) */
  featureKey?: string | null;
  /** which change types to send (default: the state changes SDKs see) */
  types?: ReadonlySet<string>;
  signal?: AbortSignal;
  heartbeatMs?: number;
}

export function stateChangeStream(options: StreamOptions): ReadableStream<Uint8Array> {
  const types = options.types ?? STREAMED_TYPES;
  const wanted = (e: StateChangeEvent) => types.has(e.type) && (!options.featureKey || e.featureKey === options.featureKey);
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      let lastSent = options.lastEventId ?? 0;
      let buffer: StateChangeEvent[] | null = options.lastEventId !== null ? [] : null;
      const write = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const send = (e: StateChangeEvent) => {
        if (e.id <= lastSent || !wanted(e)) return;
        lastSent = e.id;
        write(formatEvent(e));
      };
      const feed = changeFeed();
      const unsubscribe = feed.subscribe((e) => {
        if (buffer) buffer.push(e);
        else send(e);
      });
      const heartbeat = setInterval(() => write(": heartbeat\n\n"), options.heartbeatMs ?? HEARTBEAT_MS);
      cleanup = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        clearInterval(heartbeat);
        options.signal?.removeEventListener("abort", cleanup);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      options.signal?.addEventListener("abort", cleanup);
      write(`retry: 2000\n: connected at change ${feed.position}\n\n`);
      await feed.start();
      if (buffer) {
        // Replay what the client missed, then whatever arrived live meanwhile, in id order.
        for (const e of await changesSince(lastSent)) send(e);
        const live = buffer;
        buffer = null;
        for (const e of live) send(e);
      }
    },
    cancel() {
      cleanup();
    },
  });
}

/** The resume point from `Last-Event-ID` (or `?lastEventId=` for clients that cannot set headers). */
export function lastEventIdOf(req: Request): number | null {
  const raw = req.headers.get("last-event-id") ?? new URL(req.url).searchParams.get("lastEventId");
  if (raw === null || !/^\d+$/.test(raw.trim())) return null;
  return Number(raw.trim());
}
