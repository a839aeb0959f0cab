import type Database from "better-sqlite3";

// Set-based statements on the raw SQLite connection: one statement for many rows (multi-row
// INSERT … VALUES, reads by `IN (SELECT value FROM json_each(?))`), prepared once per row count
// and connection. Plain SQL that PostgreSQL would also run (ON CONFLICT, double-quoted names).

export const q = (name: string) => `"${name}"`;

/** Rows per statement: 64 rows of the widest rollup (98 columns) stay far below SQLite's 32 766 parameters. */
const CHUNK = 64;

const sqliteValue = (v: unknown) => (typeof v === "boolean" ? (v ? 1 : 0) : v === undefined ? null : v);

/**
 * INSERT of any number of rows (arrays in `columns` order) with `tail` (ON CONFLICT …), in
 * statements of up to 64 rows. Returns the number of rows inserted or updated.
 */
export function multiRowInsert(conn: Database.Database, table: string, columns: readonly string[], tail: string) {
  const statements = new Map<number, Database.Statement>();
  const head = `INSERT INTO ${q(table)} (${columns.map(q).join(", ")}) VALUES `;
  const tuple = `(${columns.map(() => "?").join(", ")})`;
  const statement = (n: number) => {
    let s = statements.get(n);
    if (!s) statements.set(n, (s = conn.prepare(`${head}${Array.from({ length: n }, () => tuple).join(", ")} ${tail}`)));
    return s;
  };
  return (rows: readonly (readonly unknown[])[]): number => {
    let changes = 0;
    for (let at = 0; at < rows.length; at += CHUNK) {
      const chunk = rows.slice(at, at + CHUNK);
      const values: unknown[] = [];
      for (const r of chunk) for (const v of r) values.push(sqliteValue(v));
      changes += statement(chunk.length).run(values).changes;
    }
    return changes;
  };
}

/** An additive upsert: `counters` of an existing row (by `keys`) grow by the new row's. */
export const incrementTail = (table: string, keys: readonly string[], counters: readonly string[]) =>
  `ON CONFLICT (${keys.map(q).join(", ")}) DO UPDATE SET ${counters.map((c) => `${q(c)} = ${q(table)}.${q(c)} + excluded.${q(c)}`).join(", ")}`;

/** A replacing upsert: every non-key column takes the new row's value. */
export const replaceTail = (columns: readonly string[], keys: readonly string[]) =>
  `ON CONFLICT (${keys.map(q).join(", ")}) DO UPDATE SET ${columns
    .filter((c) => !keys.includes(c))
    .map((c) => `${q(c)} = excluded.${q(c)}`)
    .join(", ")}`;

/** `WHERE <column> IN <ids>` for any number of ids, as one statement (the ids bound as one JSON array). */
export const inIds = (column: string) => `${column} IN (SELECT value FROM json_each(?))`;

/** Rows of a statement built with `inIds`, for the given ids (none: no query). */
export function rowsIn<T>(statement: Database.Statement, ids: readonly string[]): T[] {
  return ids.length === 0 ? [] : (statement.all(JSON.stringify(ids)) as T[]);
}
