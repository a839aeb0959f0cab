import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaClient } from "../generated/prisma/client";
import { Mutex } from "./data/mutex";
import { env, sqliteFile } from "./env";

// The one Prisma client, plus the raw SQLite handle that the hot write path (ingest) uses for
// prepared statements in one synchronous transaction per batch — measured ~10x faster than
// Prisma's raw-SQL API here. Both run in WAL mode (readers never block the writer) with a busy
// timeout, and synchronous=FULL so that an acknowledged batch survives a crash.

const BUSY_TIMEOUT_MS = 5000;

function createClient() {
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: env().DATABASE_URL, timeout: BUSY_TIMEOUT_MS }) });
}

type Db = ReturnType<typeof createClient>;
const g = globalThis as unknown as {
  rollguardDb?: Db;
  rollguardDbReady?: Promise<void>;
  rollguardSqlite?: Database.Database;
  rollguardWriteLock?: Mutex;
};

export const db: Db = (g.rollguardDb ??= createClient());

/** Applies connection pragmas once per process; the data layer awaits it before its first query. */
export function dbReady(): Promise<void> {
  g.rollguardDbReady ??= (async () => {
    await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await db.$queryRawUnsafe("PRAGMA synchronous = FULL");
    await db.$queryRawUnsafe(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  })();
  return g.rollguardDbReady;
}

/** The raw SQLite connection for batched synchronous writes (data layer only). */
export function sqlite(): Database.Database {
  if (!g.rollguardSqlite) {
    const file = sqliteFile();
    if (!file) throw new Error("DATABASE_URL must be a file: URL (PostgreSQL support is not built yet)");
    mkdirSync(path.dirname(path.resolve(/*turbopackIgnore: true*/ file)), { recursive: true });
    const conn = new Database(file, { timeout: BUSY_TIMEOUT_MS });
    conn.pragma("journal_mode = WAL");
    conn.pragma("synchronous = FULL");
    g.rollguardSqlite = conn;
  }
  return g.rollguardSqlite;
}

/**
 * Every write transaction in this process runs under one lock: a synchronous batch on the raw
 * connection must never wait for a Prisma transaction that needs the event loop to finish.
 */
export function writeLock(): Mutex {
  return (g.rollguardWriteLock ??= new Mutex());
}

/** A Prisma interactive transaction under the process-wide write lock. */
export function writeTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return writeLock().run(async () => {
    await dbReady();
    return db.$transaction(fn, { timeout: 30_000, maxWait: 30_000 });
  });
}

export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
export { Prisma } from "../generated/prisma/client";
