import type Database from "better-sqlite3";

// Set-based statements on the raw SQLite connection: one call per table for all of a plan's rows
// (INSERT … ON CONFLICT, run per chunk of rows), reads of many ids in one statement
// (`IN (SELECT value FROM json_each(?))`), prepared once per connection. Plain SQL that PostgreSQL would also run (ON CONFLICT, double-quoted names).

export const q = (name: string) => `"${name}"`;

/**
 * Rows per statement. Measured on the ingest cost bench (bench/NOTES.md, issue 24): 64-row VALUES
 * lists cost ~20 % more CPU than one-row statements on SQLite (and preparing a 64-row upsert of a
 * 93-column rollup takes ~15 ms), so each table's rows go through one prepared one-row statement.
 * Larger sizes, e.g. [64, 16, 4, 1], remain one edit away for a re-measure.
 */
const CHUNKS = [1];

export const sqliteValue = (v: unknown) => (typeof v === "boolean" ? (v ? 1 : 0) : v === undefined ? null : v);

/**
 * INSERT of any number of rows (arrays in `columns` order) with `tail` (ON CONFLICT …), in
 * statements of CHUNKS rows. Booleans are stored as 0/1 unless `numeric` says the rows hold only
 * numbers and strings. Returns the number of rows inserted or updated.
 */
export function multiRowInsert(conn: Database.Database, table: string, columns: readonly string[], tail: string, numeric = false) {
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
    for (let at = 0; at < rows.length;) {
      const n = CHUNKS.find((c) => c <= rows.length - at)!;
      if (n === 1) {
        changes += statement(1).run(numeric ? rows[at] : rows[at].map(sqliteValue)).changes;
      } else {
        const values: unknown[] = [];
        for (let i = at; i < at + n; i++) for (const v of rows[i]) values.push(sqliteValue(v));
        changes += statement(n).run(values).changes;
      }
      at += n;
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
