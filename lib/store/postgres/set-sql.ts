import type pg from "pg";
import { pgRows } from "./pg-sql";

// Set-based statements on PostgreSQL: INSERT … SELECT FROM unnest($1::t1[], $2::t2[], …) — one
// statement for any number of rows, its text and prepared plan independent of the batch size.

export const q = (name: string) => `"${name}"`;

export type PgType = "text" | "float8" | "bool" | "int8" | "int4";
export type Columns = readonly (readonly [string, PgType])[];

export function unnestInsert(table: string, columns: Columns, tail: string): string {
  const names = columns.map(([c]) => q(c)).join(", ");
  const arrays = columns.map(([, t], i) => `$${i + 1}::${t}[]`).join(", ");
  return `INSERT INTO ${q(table)} (${names}) SELECT * FROM unnest(${arrays}) ${tail}`;
}

/** The rows as one array per column. */
export const columnsOf = (rows: readonly (readonly unknown[])[], width: number) =>
  Array.from({ length: width }, (_, i) => rows.map((r) => r[i]));

export const replaceTail = (keys: string[], columns: Columns) =>
  `ON CONFLICT (${keys.map(q).join(", ")}) DO UPDATE SET ${columns
    .filter(([c]) => !keys.includes(c))
    .map(([c]) => `${q(c)} = excluded.${q(c)}`)
    .join(", ")}`;

export const incrementTail = (table: string, keys: Columns, counters: readonly string[]) =>
  `ON CONFLICT (${keys.map(([k]) => q(k)).join(", ")}) DO UPDATE SET ${counters.map((c) => `${q(c)} = ${q(table)}.${q(c)} + excluded.${q(c)}`).join(", ")}`;

const byFirstColumn = (a: readonly unknown[], b: readonly unknown[]) =>
  String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0;

/** Runs an unnest statement for the rows, sorted by their first column (the lock order of all writers). */
export async function writeRows(client: pg.PoolClient, text: string, rows: unknown[][], width: number): Promise<void> {
  if (rows.length === 0) return;
  rows.sort(byFirstColumn);
  await pgRows(text, columnsOf(rows, width), client);
}

/** The same, for an INSERT … ON CONFLICT DO NOTHING RETURNING "id": the ids that were new. */
export async function insertReturningNew(client: pg.PoolClient, text: string, rows: unknown[][], width: number): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  rows.sort(byFirstColumn);
  const returned = await pgRows<{ id: string }>(text, columnsOf(rows, width), client);
  return new Set(returned.map((r) => r.id));
}
