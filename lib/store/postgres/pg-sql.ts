import { createHash } from "node:crypto";
import pg from "pg";
import { PG_CONNECT_TIMEOUT_MS, pool, type Prisma } from "../../db";

// The raw PostgreSQL path of the hot reads and writes: named (prepared once per connection)
// statements on the process's pool, with bigint and numeric columns parsed as JS numbers (epoch
// milliseconds and sums of counters stay far below 2^53). Prisma's raw-query API would recompile
// and convert every row, which the SQLite path measured as most of a dashboard read.

const NUMERIC_OIDS = new Set([20 /* int8 */, 1700 /* numeric */]);
const toNumber = (v: string) => Number(v);

export const pgTypes = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (NUMERIC_OIDS.has(oid) && format !== "binary") return toNumber;
    return pg.types.getTypeParser(oid, format as "text");
  },
} as pg.CustomTypesConfig;

export type Queryable = pg.Pool | pg.PoolClient;

const names = new Map<string, string>();

/**
 * A statement name per SQL text: the server keeps the plan per connection. Derived from the text
 * itself — Next.js may load this module more than once over one shared pool, and a counter per
 * module copy would give two texts the same name on one connection.
 */
function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) names.set(text, (name = `rg_${createHash("sha1").update(text).digest("hex").slice(0, 24)}`));
  return name;
}

/** Rows of a prepared statement ($1, $2 … placeholders). */
export async function pgRows<T = Record<string, unknown>>(text: string, values: unknown[] = [], on: Queryable = pool()): Promise<T[]> {
  const result = await on.query({ name: nameOf(text), text, values, types: pgTypes });
  return result.rows as T[];
}

/** The rows of a portable query built with Prisma.sql, as a prepared statement. */
export function pgReadRows<T = Record<string, unknown>>(query: Prisma.Sql, on: Queryable = pool()): Promise<T[]> {
  return pgRows<T>(query.text, query.values, on);
}

/** The rows of a portable query as arrays in select order. */
export async function pgArrays(query: Prisma.Sql, on: Queryable = pool()): Promise<unknown[][]> {
  const result = await on.query({ name: nameOf(query.text), text: query.text, values: query.values, types: pgTypes, rowMode: "array" });
  return result.rows as unknown[][];
}

// Advisory locks live on a pool of their own: a holder waits for connections of the main pool
// while it works, and must never hold one of those that it (or the next holder) needs.
const g = globalThis as unknown as { rollguardLockPool?: pg.Pool };
function lockPool(): pg.Pool {
  if (!g.rollguardLockPool) {
    g.rollguardLockPool = new pg.Pool({
      connectionString: (pool().options as { connectionString?: string }).connectionString,
      max: 3,
      connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS,
    });
    g.rollguardLockPool.on("error", () => undefined);
    g.rollguardLockPool.on("connect", (client) => client.on("error", () => undefined));
  }
  return g.rollguardLockPool;
}

/**
 * Runs fn while holding a PostgreSQL advisory lock named by `name`, shared by every instance on the
 * database: a second instance asking for the same name waits until the first is done.
 */
export async function withAdvisoryLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const client = await lockPool().connect();
  let broken = false;
  try {
    await client.query("SELECT pg_advisory_lock(hashtextextended($1, 0))", [name]);
    try {
      return await fn();
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [name]).catch(() => (broken = true));
    }
  } finally {
    client.release(broken); // a connection that may still hold the lock is closed, which frees it
  }
}

const RETRYABLE = new Set(["40P01" /* deadlock */, "40001" /* serialization failure */]);

/**
 * Runs fn in one transaction on one connection: all of it commits, or none of it. A deadlock or
 * serialization failure between instances rolls back and runs fn again (it must not have effects
 * outside the database before it returns).
 */
export async function pgTransaction<T>(fn: (client: pg.PoolClient) => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool().connect();
    let broken = false;
    try {
      await client.query("BEGIN");
      const result = await fn(client);
      await client.query("COMMIT");
      return result;
    } catch (e) {
      await client.query("ROLLBACK").catch(() => (broken = true));
      if (attempt < attempts && RETRYABLE.has((e as { code?: string }).code ?? "")) continue;
      throw e;
    } finally {
      client.release(broken);
    }
  }
}
