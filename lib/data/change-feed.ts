import pg from "pg";
import { db, dbReady, writeTransaction, type Tx, type WriteOptions } from "../db";
import { postgresUrl } from "../env";
import { log } from "../log";
import { notifyAtCommit } from "../store/notify";

// Configuration changes travel through the StateChange table: a writer adds a row in the same
// transaction as the change, then announces it. Every instance reads rows past the last id it saw
// and hands them, in id order, to its listeners (decision snapshot, key cache, SSE streams). The
// table is the source of truth and the order; the transport is only a wake-up signal. Here it is an
// in-process call plus a 250 ms poll (which also catches the CLI and other instances). On
// PostgreSQL the writer's transaction also sends a NOTIFY, which the server delivers to every
// listening instance at the commit: their feeds wake at once, and the poll stays as the backstop
// (a dropped listening connection is reconnected; changes are never lost, only later).
//
// `commitChange` is the one way to publish a change: a stored one (the rows its transaction
// records) or a provisional one (a pause in effect in memory that is not stored yet, see
// lib/use-cases/pause.ts). Every receiver applies each change once, by its id, whichever brings it
// first: the decision listener's process gets one IPC message per change (`receive`), and the
// NOTIFY or the poll that brings the same row later finds it already applied.

/** The channel every instance LISTENs on; the payload is empty (the table is the truth). */
export const CHANGE_CHANNEL = "rollguard_changes";

export type ChangeType =
  | "paused"
  | "resumed"
  | "phase_changed"
  | "threshold_changed"
  | "feature_changed"
  | "key_revoked"
  | "key_created"
  | "user_changed"
  | "alert_opened"
  | "alert_acknowledged"
  | "alert_resolved"
  | "incident_changed";

/** Types that SDKs and dashboards see on the stream; the others are internal. */
export const STREAMED_TYPES: ReadonlySet<string> = new Set(["paused", "resumed", "phase_changed", "threshold_changed", "feature_changed"]);

/**
 * What happened around a feature without changing its decisions (alerts, incidents): streamed to
 * signed-in browsers so open pages follow an incident live; SDKs and the decision snapshot skip them.
 */
export const ACTIVITY_TYPES: ReadonlySet<string> = new Set(["alert_opened", "alert_acknowledged", "alert_resolved", "incident_changed"]);

/** What a signed-in browser's stream carries: state changes and activity. */
export const BROWSER_TYPES: ReadonlySet<string> = new Set([...STREAMED_TYPES, ...ACTIVITY_TYPES]);

export interface StateChangeEvent {
  id: number;
  at: string;
  featureKey: string;
  type: string;
  payload: Record<string, unknown>;
  /**
   * A change in effect in memory but not (yet) stored: it has no row id, so SSE sends it without
   * an `id:` line (a client's resume point stays the last stored change).
   */
  provisional?: boolean;
  /**
   * The id of the stored change the sending feed dispatched just before this one: a receiver whose
   * feed is at that id (or past it) applies this change as it comes; one behind reads the table.
   */
  after?: number;
}

export type ChangeListener = (change: StateChangeEvent) => void | Promise<void>;

/** How an instance is woken up when a change row may be waiting. */
export interface ChangeTransport {
  start(wake: () => void): () => void;
  announce(): void;
}

export const POLL_INTERVAL_MS = 250;

/** In-process announcement plus a poll of the table for changes made elsewhere. */
export function pollingTransport(intervalMs = POLL_INTERVAL_MS): ChangeTransport {
  let wake: (() => void) | null = null;
  return {
    start(w) {
      wake = w;
      const timer = setInterval(w, intervalMs);
      timer.unref?.();
      return () => {
        clearInterval(timer);
        wake = null;
      };
    },
    announce: () => wake?.(),
  };
}

/**
 * Wakes the feed when PostgreSQL delivers a NOTIFY on the change channel (from any instance, the
 * CLI included). One dedicated connection per process; when it drops, it is opened again after a
 * second, and the wake that follows catches up on whatever was missed meanwhile.
 */
export function notifyListener(url: string): ChangeTransport {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;
  let wake: (() => void) | null = null;
  let lost = false; // logged once per outage, not at every reconnect attempt
  const connect = () => {
    if (stopped) return;
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000, keepAlive: true });
    client = c;
    const again = (e?: unknown) => {
      if (client !== c) return;
      client = null;
      if (e && !lost) log.warn("change feed: LISTEN connection lost; reconnecting every second (the poll is the backstop)", { error: String(e) });
      if (e) lost = true;
      c.end().catch(() => undefined);
      if (!stopped) {
        retry = setTimeout(connect, 1000);
        retry.unref?.();
      }
    };
    c.on("error", again);
    c.on("end", () => again());
    c.on("notification", () => wake?.());
    c.connect()
      .then(() => c.query(`LISTEN ${CHANGE_CHANNEL}`))
      .then(() => {
        if (lost) log.info("change feed: LISTEN connection back");
        lost = false;
        wake?.(); // catch up on anything committed while not listening
      })
      .catch(again);
  };
  return {
    start(w) {
      wake = w;
      connect();
      return () => {
        stopped = true;
        if (retry) clearTimeout(retry);
        const c = client;
        client = null;
        c?.end().catch(() => undefined);
        wake = null;
      };
    },
    announce: () => wake?.(),
  };
}

/** Runs both transports: each may wake the feed. */
export function bothTransports(a: ChangeTransport, b: ChangeTransport): ChangeTransport {
  return {
    start(wake) {
      const stopA = a.start(wake);
      const stopB = b.start(wake);
      return () => {
        stopA();
        stopB();
      };
    },
    announce: () => a.announce(),
  };
}

/** The poll, plus LISTEN/NOTIFY on PostgreSQL. */
export function defaultTransport(intervalMs = POLL_INTERVAL_MS): ChangeTransport {
  const polling = pollingTransport(intervalMs);
  const url = postgresUrl();
  return url ? bothTransports(polling, notifyListener(url)) : polling;
}

/** How long a provisional change waits for its own commit before receivers hear it. */
export const PROVISIONAL_AFTER_MS = 100;

// Transactions run by commitChange, and those of them that recorded a change row.
const publishing = new WeakSet<Tx>();
const recorded = new WeakSet<Tx>();

/** Writes a change row inside a commitChange transaction (published after the commit). */
export async function recordChange(tx: Tx, change: { featureKey: string; type: ChangeType; payload?: unknown }) {
  if (!publishing.has(tx)) throw new Error("recordChange outside commitChange: the change would never be published");
  const row = await tx.stateChange.create({
    data: { featureKey: change.featureKey, type: change.type, payload: JSON.stringify(change.payload ?? {}) },
  });
  recorded.add(tx);
  // delivered by PostgreSQL to every listening instance when (and only if) the transaction commits
  await notifyAtCommit(tx, CHANGE_CHANNEL);
  return row.id;
}

export interface CommitChangeOptions extends WriteOptions {
  /**
   * A change already in effect in memory (a pause): this process's receivers — its decision
   * snapshot, its streams, its decision listener — hear it when the commit has not happened within
   * PROVISIONAL_AFTER_MS, or at once when it fails because the database is away (`isFault`). A
   * commit in time publishes the stored change only.
   */
  provisional?: { change: StateChangeEvent; isFault: (e: unknown) => boolean };
}

/**
 * The one way to publish a change: `fn` runs in a write transaction and records its change row(s)
 * with `recordChange`; after the commit the change is announced (to this and, through the
 * transport, other instances) and this process's listeners — the decision snapshot, the key cache,
 * the streams, the decision listener's process — have it before the call returns. A transaction
 * that recorded no change announces nothing.
 */
export async function commitChange<T>(fn: (tx: Tx) => Promise<T>, options: CommitChangeOptions = {}): Promise<T> {
  const { provisional, ...writeOptions } = options;
  let heard = false;
  const hear = () => {
    if (heard || !provisional) return;
    heard = true;
    void changeFeed().dispatch({ ...provisional.change, id: 0, provisional: true });
  };
  const slow = provisional ? setTimeout(hear, PROVISIONAL_AFTER_MS) : undefined;
  let changed = false;
  let result: T;
  try {
    result = await writeTransaction(async (tx) => {
      publishing.add(tx);
      const out = await fn(tx);
      changed = recorded.has(tx);
      return out;
    }, { ...writeOptions, changeOrder: true });
  } catch (e) {
    clearTimeout(slow);
    if (provisional?.isFault(e)) hear();
    throw e;
  }
  clearTimeout(slow);
  if (changed) {
    const feed = changeFeed();
    feed.announce();
    await feed.catchUp();
  }
  return result;
}

const toEvent = (r: { id: number; at: Date; featureKey: string; type: string; payload: string }): StateChangeEvent => ({
  id: r.id,
  at: r.at.toISOString(),
  featureKey: r.featureKey,
  type: r.type,
  payload: JSON.parse(r.payload) as Record<string, unknown>,
});

/** Change rows after `afterId` (for SSE Last-Event-ID resume), oldest first. */
export async function changesSince(afterId: number, limit = 1000): Promise<StateChangeEvent[]> {
  await dbReady();
  const rows = await db.stateChange.findMany({ where: { id: { gt: afterId } }, orderBy: { id: "asc" }, take: limit });
  return rows.map(toEvent);
}

export class ChangeFeed {
  private lastId = 0;
  private readonly listeners = new Set<ChangeListener>();
  private running: Promise<void> | null = null;
  private again = false;
  private stop: (() => void) | null = null;
  private ready: Promise<void> | null = null;
  private readonly recoveryListeners = new Set<() => void>();
  /** stored changes handed to the listeners so far (each once) */
  applied = 0;
  /** when the last poll of the table succeeded (ms since epoch), for /api/health */
  lastPollOkAt: number | null = null;
  /** the poll's current failure streak (logged once when it starts and once when it ends) */
  failing: { since: number; failures: number; error: string } | null = null;

  constructor(private readonly transport: ChangeTransport) {}

  /** Starts from the newest row: history is not replayed to listeners. */
  start(): Promise<void> {
    this.ready ??= (async () => {
      await dbReady();
      const newest = await db.stateChange.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
      this.lastId = newest?.id ?? 0;
      this.stop = this.transport.start(() => void this.poll());
    })().catch((e: unknown) => {
      this.ready = null; // the database may be away at start-up: the next call tries again
      throw e;
    });
    return this.ready;
  }

  /** Called after the poll succeeds again following failures (the database is back). */
  onRecovery(listener: () => void): () => void {
    this.recoveryListeners.add(listener);
    return () => this.recoveryListeners.delete(listener);
  }

  get started(): boolean {
    return this.stop !== null;
  }

  get position(): number {
    return this.lastId;
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** After a commit: tell this and (through the transport) other instances. */
  announce(): void {
    this.transport.announce();
  }

  /** Hands a change to this process's listeners (a provisional one: only through commitChange or `receive`). */
  async dispatch(event: StateChangeEvent): Promise<void> {
    await Promise.all([...this.listeners].map((l) => Promise.resolve().then(() => l(event)).catch((e) => log.error("change listener failed", { error: String(e) }))));
  }

  /**
   * A change brought by a message (the app's IPC to its decision listener). Applied once, by its
   * id: a stored change this feed already has (from NOTIFY or the poll) is dropped; one that follows
   * what this feed has applied is applied as it comes; when this feed is behind (or a poll is
   * running) the table brings it, in order, with whatever precedes it. A provisional change has no
   * row to come from: it is handed on as it is.
   */
  async receive(event: StateChangeEvent): Promise<void> {
    if (event.provisional) return this.dispatch(event);
    if (!this.started || event.id <= this.lastId) return; // not started: start() begins past it
    if (this.running || event.after === undefined || event.after > this.lastId) return this.poll();
    this.running = (async () => {
      try {
        this.lastId = event.id;
        this.applied++;
        await this.dispatch(event);
      } finally {
        this.running = null;
      }
    })();
    await this.running;
    if (this.again) await this.poll();
  }

  /** Reads and dispatches everything committed so far; resolves when the listeners are done. */
  async catchUp(): Promise<void> {
    await this.start();
    await this.poll();
    // a poll that was already running may have missed the newest row: one more pass
    await this.poll();
  }

  private poll(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          const rows = await db.stateChange.findMany({ where: { id: { gt: this.lastId } }, orderBy: { id: "asc" }, take: 500 });
          for (const row of rows) {
            if (row.id <= this.lastId) continue; // brought by a message meanwhile: applied once
            const event = { ...toEvent(row), after: this.lastId };
            this.lastId = row.id;
            this.applied++;
            await this.dispatch(event);
          }
          if (rows.length === 500) this.again = true;
        } while (this.again);
        this.lastPollOkAt = Date.now();
        const ended = this.failing;
        if (ended) {
          this.failing = null;
          log.info("change feed poll works again", { failures: ended.failures, seconds: Math.round((Date.now() - ended.since) / 1000) });
          for (const l of this.recoveryListeners) l();
        }
      } catch (e) {
        // once per outage episode, not at every poll (4 a second per process)
        if (this.failing) this.failing.failures++;
        else {
          this.failing = { since: Date.now(), failures: 1, error: String(e).split("\n")[0].slice(0, 300) };
          log.warn("change feed poll failed; retrying quietly until it works", { error: this.failing.error });
        }
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  close(): void {
    this.stop?.();
    this.stop = null;
  }
}

const g = globalThis as unknown as { rollguardChangeFeed?: ChangeFeed };

/** The process's change feed (on globalThis: Next.js may load this module more than once). */
export function changeFeed(): ChangeFeed {
  return (g.rollguardChangeFeed ??= new ChangeFeed(defaultTransport()));
}

/** Gives this process a feed with another transport; call before anything uses the feed. */
export function installChangeFeed(transport: ChangeTransport): void {
  if (g.rollguardChangeFeed) throw new Error("the change feed is already running");
  g.rollguardChangeFeed = new ChangeFeed(transport);
}

/** The one IPC message that carries a change from the app's process to its decision listener. */
export interface ChangeMessage {
  type: "change";
  change: StateChangeEvent;
}

export const isChangeMessage = (m: unknown): m is ChangeMessage =>
  typeof m === "object" && m !== null && (m as ChangeMessage).type === "change" && typeof (m as ChangeMessage).change?.featureKey === "string";

/**
 * In the decision listener's process: the changes the parent process sends (one message each) are
 * received by this process's feed; the poll (and LISTEN/NOTIFY on PostgreSQL) brings the rest.
 */
export function parentMessageTransport(intervalMs = POLL_INTERVAL_MS): ChangeTransport {
  const polling = defaultTransport(intervalMs);
  return {
    start(wake) {
      const stop = polling.start(wake);
      const onMessage = (m: unknown) => {
        if (isChangeMessage(m)) void changeFeed().receive(m.change);
      };
      process.on("message", onMessage);
      return () => {
        stop();
        process.off("message", onMessage);
      };
    },
    announce: () => polling.announce(),
  };
}
