import type Database from "better-sqlite3";
import { sqlite, type Prisma } from "../db";

// Dashboard reads of rollups on the raw SQLite connection, with statements prepared once per SQL
// text. Prisma's raw-query path (its query compiler, then the conversion of every column of every
// row) was most of a 30-day metrics read: ~35 ms of which the SQL itself took ~8 ms. The SQL stays
// the portable text built with Prisma.sql, so a PostgreSQL store can run the same queries.

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

function statement(conn: Database.Database, text: string): Database.Statement {
  let byText = statements.get(conn);
  if (!byText) statements.set(conn, (byText = new Map()));
  let st = byText.get(text);
  if (!st) byText.set(text, (st = conn.prepare(text)));
  return st;
}

const bind = (v: unknown) => {
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v === undefined || v instanceof Date) throw new Error("read-sql binds numbers, strings, bigints and booleans only");
  return v;
};

/** The rows of a read-only query (numbers as numbers). */
export function readRows<T = Record<string, unknown>>(query: Prisma.Sql): T[] {
  return statement(sqlite(), query.sql).all(...query.values.map(bind)) as T[];
}
