import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { PrismaClient } from "../generated/prisma/client";
import { PrismaClient as PgPrismaClient } from "../generated/prisma-pg/client";
import { Mutex, type RunOptions } from "./data/mutex";
import { faultKind, noteFault, noteWriteOk } from "./db-faults";
import { env, postgresUrl, sqliteFile } from "./env";
import { log } from "./log";

// The one Prisma client, plus the raw SQLite handle that the hot write path (ingest) uses for
// prepared statements in one synchronous transaction per batch — measured ~10x faster than
// Prisma's raw-SQL API here. Both run in WAL mode (readers never block the writer) with a busy
// timeout, and synchronous=FULL so that an acknowledged batch survives a crash.
//
// No write may hang. Every write waits at most LOCK_WAIT_MS for the process-wide write lock and
// holds it at most TRANSACTION_MS; another process's lock is waited for at most BUSY_TIMEOUT_MS
// (better-sqlite3 waits synchronously, so this also bounds how long the event loop stalls). A
// write that fails on a database fault (disk full, I/O error, lock) throws the connection away:
// Prisma's SQLite adapter keeps its own transaction mutex, which a failed BEGIN/COMMIT/ROLLBACK
// can leave held forever (every later transaction then hangs — the disk-full hang of issue 18).
// The next write opens a fresh connection, so the process recovers by itself when the fault clears.

export const BUSY_TIMEOUT_MS = 1500;
export const LOCK_WAIT_MS = 4000;
export const TRANSACTION_MS = 5000;

/** The database engine behind DATABASE_URL: a postgresql:// URL, or else a SQLite file. */
export type Engine = "sqlite" | "postgres";
export const engine = (): Engine => (postgresUrl() ? "postgres" : "sqlite");

// PostgreSQL: the connections of one instance. Prisma's adapter and the raw hot paths share one
// pool (a pool of Prisma's own would double the connections each instance holds).
const POOL_SIZE = 10;
// Deadlines, so that a PostgreSQL server that is down or hung never holds a request (or the stop
// path) for long: opening a connection gives up after CONNECT_TIMEOUT_MS; the server cancels a
// statement after STATEMENT_TIMEOUT_MS, and the client stops waiting for an answer a little later
// (a hung server cancels nothing). Both end as 503 database_unavailable (lib/db-faults.ts). The
// stop path has a tighter deadline of its own (lib/use-cases/pause.ts).
export const PG_CONNECT_TIMEOUT_MS = 2000;
export const PG_STATEMENT_TIMEOUT_MS = 60_000;

function createClient() {
  const url = postgresUrl();
  if (url) {
    // Both clients are generated from the same models (prisma/postgres/schema.prisma is derived
    // from prisma/schema.prisma), so the PostgreSQL client has the SQLite client's API.
    return new PgPrismaClient({ adapter: new PrismaPg(pool()) }) as unknown as PrismaClient;
  }
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: env().DATABASE_URL, timeout: BUSY_TIMEOUT_MS }) });
}

type Db = ReturnType<typeof createClient>;
const g = globalThis as unknown as {
  rollguardDb?: Db;
  rollguardDbReady?: Promise<void>;
  rollguardSqlite?: Database.Database;
  rollguardPool?: pg.Pool;
  rollguardWriteLock?: Mutex;
};

const client = (): Db => (g.rollguardDb ??= createClient());

/**
 * The Prisma client. A stable handle over the current connection, which a database fault replaces
 * (see resetConnections): modules keep importing `db` and always reach a working one.
 */
export const db: Db = new Proxy({} as Db, {
  get(_, prop) {
    const c = client();
    const value = Reflect.get(c, prop, c) as unknown;
    return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(c) : value;
  },
});

/** Applies connection pragmas once per connection; the data layer awaits it before its first query. */
export function dbReady(): Promise<void> {
  g.rollguardDbReady ??= (async () => {
    if (engine() === "postgres") return;
    await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await db.$queryRawUnsafe("PRAGMA synchronous = FULL");
    await db.$queryRawUnsafe(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  })().catch((e: unknown) => {
    g.rollguardDbReady = undefined; // try again on the next call
    throw e;
  });
  return g.rollguardDbReady;
}

/** The PostgreSQL pool of this process (data layer only): Prisma's adapter and the raw hot paths. */
export function pool(): pg.Pool {
  if (!g.rollguardPool) {
    const url = postgresUrl();
    if (!url) throw new Error("DATABASE_URL is not a postgresql:// URL");
    g.rollguardPool = new pg.Pool({
      connectionString: url,
      max: POOL_SIZE,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS,
      statement_timeout: PG_STATEMENT_TIMEOUT_MS,
      query_timeout: PG_STATEMENT_TIMEOUT_MS + 2000,
      keepAlive: true,
    });
    // A connection that the server drops must not crash the process: the pool replaces an idle one,
    // and one checked out (a transaction in progress) fails its query; the 'error' event that pg
    // also emits on that client (with nobody listening: an uncaught exception) is taken here.
    g.rollguardPool.on("error", () => undefined);
    g.rollguardPool.on("connect", (client) => client.on("error", () => undefined));
  }
  return g.rollguardPool;
}

/** The raw SQLite connection for batched synchronous writes (data layer only). */
export function sqlite(): Database.Database {
  if (!g.rollguardSqlite) {
    const file = sqliteFile();
    if (!file) throw new Error("the raw SQLite connection was asked for on a PostgreSQL database");
    mkdirSync(path.dirname(path.resolve(/*turbopackIgnore: true*/ file)), { recursive: true });
    const conn = new Database(file, { timeout: BUSY_TIMEOUT_MS });
    conn.pragma("journal_mode = WAL");
    conn.pragma("synchronous = FULL");
    g.rollguardSqlite = conn;
  }
  return g.rollguardSqlite;
}

/**
 * Throws away the connections after a database fault: the Prisma client (whose adapter may hold
 * a transaction lock that will never be released) and, when it is stuck in a transaction, the raw
 * one. Closing a connection rolls back what it had open. The next query opens fresh ones.
 */
export function resetConnections(options: { prisma?: boolean; raw?: boolean } = { prisma: true, raw: true }): void {
  // PostgreSQL: the pool drops a broken connection and opens another by itself (a transaction dies
  // with its connection on the server); the client over the shared pool has nothing to reset.
  if (engine() === "postgres") return;
  if (options.prisma && g.rollguardDb) {
    const old = g.rollguardDb;
    g.rollguardDb = undefined;
    g.rollguardDbReady = undefined;
    void old.$disconnect().catch(() => {});
  }
  const raw = g.rollguardSqlite;
  if (options.raw && raw && raw.inTransaction) {
    g.rollguardSqlite = undefined;
    try {
      raw.close();
    } catch {
      // closing is all we wanted
    }
  }
}

/**
 * Every write transaction in this process runs under one lock: a synchronous batch on the raw
 * connection must never wait for a Prisma transaction that needs the event loop to finish.
 */
export function writeLock(): Mutex {
  return (g.rollguardWriteLock ??= new Mutex());
}

export interface WriteOptions {
  /** the stop path: jumps the queue of writes waiting for the lock */
  priority?: boolean;
  /** how long to wait for the lock (default LOCK_WAIT_MS) */
  waitMs?: number;
  /**
   * The transaction records a change (`commitChange`): on PostgreSQL it first takes the one
   * change-order lock, so change rows get their ids in commit order across every instance.
   */
  changeOrder?: boolean;
}

/**
 * Runs a write under the process-wide lock with deadlines; notes fault episodes and resets the
 * connections on a database fault. `fn` is the whole write (synchronous transaction or Prisma's).
 */
export async function guardedWrite<T>(fn: () => Promise<T>, options: WriteOptions = {}): Promise<T> {
  const run: RunOptions = { waitMs: options.waitMs ?? LOCK_WAIT_MS, holdMs: TRANSACTION_MS + 1000, priority: options.priority };
  const site = new Error("write"); // where the write came from; its stack is formatted only for a slow write
  const asked = performance.now();
  const timed = async () => {
    const entered = performance.now();
    try {
      return await fn();
    } finally {
      const heldMs = performance.now() - entered;
      if (heldMs >= SLOW_WRITE_MS) noteSlowWrite(site, heldMs, entered - asked);
    }
  };
  try {
    const result = await writeLock().run(timed, run);
    noteWriteOk();
    return result;
  } catch (e) {
    const kind = faultKind(e);
    if (kind) {
      // a lock we merely waited for is not the connection's fault
      const waitedOnly = e instanceof Error && e.name === "LockDeadlineError" && (e as { phase?: string }).phase === "wait";
      if (!waitedOnly) resetConnections();
      noteFault(kind, e);
    }
    throw e;
  }
}

/** A write holding the lock this long makes every other write (a pause included) wait: worth a warning. */
export const SLOW_WRITE_MS = 500;

function noteSlowWrite(site: Error, heldMs: number, waitedMs: number) {
  const from = (site.stack ?? "")
    .split("\n")
    .slice(2)
    .map((l) => l.trim())
    .filter(
      (l) => !l.includes("node_modules") && !l.includes("node:internal") && !/\b(guardedWrite|writeTransaction|commitChange)\b/.test(l),
    )
    .slice(0, 3)
    .join(" < ");
  log.warn("slow write: others waited behind it", { heldMs: Math.round(heldMs), waitedMs: Math.round(waitedMs), from });
}

/**
 * A Prisma interactive transaction under the process-wide write lock, with deadlines.
 *
 * On SQLite it takes the database's write lock with its first statement. Prisma's adapter begins
 * a deferred transaction, whose snapshot starts at its first read: when another process (the
 * decision listener, another worker) commits between that read and the transaction's first write,
 * SQLite refuses the write at once with SQLITE_BUSY_SNAPSHOT — no busy timeout applies — and a
 * resume answered 503 for a conflict nobody would call an outage (CI, browser-widget e2e). A no-op
 * write first is BEGIN IMMEDIATE: it waits for the other writer (busy timeout) and then reads a
 * snapshot nobody can invalidate before the commit.
 */
export function writeTransaction<T>(fn: (tx: Tx) => Promise<T>, options: WriteOptions = {}): Promise<T> {
  const immediate = engine() === "sqlite";
  const ordered = !immediate && options.changeOrder === true;
  return guardedWrite(async () => {
    await dbReady();
    return db.$transaction(
      async (tx) => {
        if (immediate) await tx.$executeRawUnsafe(TAKE_WRITE_LOCK);
        else if (ordered) await tx.$executeRawUnsafe(CHANGE_ORDER_LOCK);
        return fn(tx);
      },
      { timeout: TRANSACTION_MS, maxWait: TRANSACTION_MS },
    );
  }, options);
}

/**
 * PostgreSQL: one transaction-scoped advisory lock for every transaction that records a change,
 * taken by its first statement. A change row's id comes from a sequence when it is inserted, so
 * without it two instances' changes could commit out of id order — and a feed that had read the
 * higher id would never read the lower one (it reads ids above the last it applied). Holding this
 * lock from before the insert until the commit makes id order commit order. Taken first, while
 * the transaction holds nothing else, it cannot deadlock with another change; SQLite writes are
 * serial anyway (TAKE_WRITE_LOCK).
 */
export const CHANGE_ORDER_LOCK = `SELECT pg_advisory_xact_lock(hashtextextended('rollguard:change-order', 0))`;

/** A write that changes nothing and takes SQLite's write lock (the statement begins a write transaction). */
const TAKE_WRITE_LOCK = `UPDATE "Setting" SET "key" = "key" WHERE 0`;

export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
export { Prisma } from "../generated/prisma/client";
