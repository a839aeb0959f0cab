import { db, dbReady } from "../db";
import { AppError } from "../errors";
import { changeFeed, changesSince, STREAMED_TYPES, type StateChangeEvent } from "../data/change-feed";

// Server-Sent Events of feature state changes. Live events are pushed by the change feed the
// moment it dispatches them (no per-connection polling); `Last-Event-ID` replays the rows after
// that id from the table first. Event ids are StateChange ids, so a client that reconnects to
// another instance resumes exactly where it left off.

export const HEARTBEAT_MS = 15_000;
const encoder = new TextEncoder();

export function formatEvent(e: StateChangeEvent): string {
  if (e.provisional) {
    const data = { type: e.type, feature: e.featureKey, at: e.at, ...e.payload, stored: false };
    return `event: ${e.type}\ndata: ${JSON.stringify(data)}\n\n`;
  }
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
  /**
   * Whose permission the stream runs on: it ends the moment that permission may have changed
   * (the key revoked; the user deactivated or their role changed), and a reconnect is authorised afresh.
   */
  owner?: { keyPrefix?: string; userId?: string };
}

/** True when `e` takes away (or may take away) the permission a stream of `owner` runs on. */
export function endsPermission(e: StateChangeEvent, owner: StreamOptions["owner"]): boolean {
  if (!owner) return false;
  if (e.type === "key_revoked") return Boolean(owner.keyPrefix) && e.payload.prefix === owner.keyPrefix;
  if (e.type === "user_changed") return Boolean(owner.userId) && e.payload.userId === owner.userId;
  return false;
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
        if (e.provisional) return void (wanted(e) && write(formatEvent(e)));
        if (e.id <= lastSent || !wanted(e)) return;
        lastSent = e.id;
        write(formatEvent(e));
      };
      const feed = changeFeed();
      const unsubscribe = feed.subscribe((e) => {
        if (endsPermission(e, options.owner)) return cleanup();
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

/**
 * The resume point from `Last-Event-ID` (or `?lastEventId=` for clients that cannot set headers);
 * 400 for an id no change can have (beyond 2^53): resuming there would break the stream, and the
 * client would reconnect in a loop.
 */
export function lastEventIdOf(req: Request): number | null {
  const raw = req.headers.get("last-event-id") ?? new URL(req.url).searchParams.get("lastEventId");
  if (raw === null || !/^\d+$/.test(raw.trim())) return null;
  const id = Number(raw.trim());
  if (!Number.isSafeInteger(id))
    throw new AppError("invalid_last_event_id", 400, "Last-Event-ID is not an event id of this stream (too large): reconnect without it");
  return id;
}

/**
 * The resume point, checked against the newest change stored: an id beyond it (a client that kept
 * its id across a database restore) would wait for changes that never come — a kill switch it never
 * hears. That is a 400; the client reconnects without the id and re-reads the state. When the
 * database cannot say (it is away), the id is taken as is.
 */
export async function resumePointOf(req: Request): Promise<number | null> {
  const id = lastEventIdOf(req);
  if (id === null || id <= changeFeed().position) return id;
  let newest: number;
  try {
    await dbReady();
    newest = (await db.stateChange.findFirst({ orderBy: { id: "desc" }, select: { id: true } }))?.id ?? 0;
  } catch {
    return id;
  }
  if (id > newest)
    throw new AppError(
      "invalid_last_event_id",
      400,
      `Last-Event-ID ${id} is beyond the newest change (${newest}); the database may have been restored: reconnect without it and read the state afresh`,
    );
  return id;
}
