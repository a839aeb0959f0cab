import type Database from "better-sqlite3";
import { engine, pool, sqlite, type Prisma } from "../db";
import { pgArrays, pgReadRows } from "./postgres/pg-sql";

// Read-only queries on the raw SQLite connection, with statements prepared once per SQL text (one
// cache for every raw read: the rollup reader, the worst-20 candidates, the judge tables). Prisma's
// raw-query path (its query compiler, then the conversion of every column of every row) was most of
// a 30-day metrics read: ~35 ms of which the SQL itself took ~8 ms. The SQL stays the portable text
// built with Prisma.sql; on PostgreSQL the same text runs as a named statement of the pg pool
// (lib/store/postgres/pg-sql.ts). The SQLite path stays synchronous inside: the promise only carries its result.

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

function statement(conn: Database.Database, text: string, raw: boolean): Database.Statement {
  let byText = statements.get(conn);
  if (!byText) statements.set(conn, (byText = new Map()));
  const id = (raw ? "a:" : "o:") + text;
  let st = byText.get(id);
  if (!st) byText.set(id, (st = conn.prepare(text).raw(raw)));
  return st;
}

const bind = (v: unknown) => {
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v === undefined || v instanceof Date) throw new Error("raw reads bind numbers, strings, bigints and booleans only");
  return v;
};

/** The rows of a read-only query as objects (numbers as numbers). */
export async function readRows<T = Record<string, unknown>>(query: Prisma.Sql): Promise<T[]> {
  if (engine() === "postgres") return pgReadRows<T>(query);
  return statement(sqlite(), query.sql, false).all(...query.values.map(bind)) as T[];
}

/** The rows of a read-only query as arrays in select order (no per-row object). */
export async function readArrays(query: Prisma.Sql): Promise<unknown[][]> {
  if (engine() === "postgres") return pgArrays(query);
  return statement(sqlite(), query.sql, true).all(...query.values.map(bind)) as unknown[][];
}

/**
 * One write statement with `?` placeholders, outside any transaction, on the raw connection of
 * the engine (`$1, $2 …` on PostgreSQL's pool). For a probe, not for the data's own writes.
 */
export async function runRawWrite(text: string, values: unknown[]): Promise<void> {
  if (engine() === "postgres") {
    let n = 0;
    await pool().query(
      text.replace(/\?/g, () => `$${++n}`),
      values,
    );
  } else
    sqlite()
      .prepare(text)
      .run(...values.map(bind));
}
