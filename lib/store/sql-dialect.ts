import { engine } from "../db";

// The few words of SQL that differ between the engines, for statements written once.

/**
 * A text column ordered by code unit, as JS compares strings: SQLite compares bytes already;
 * PostgreSQL's default collation is the locale's, so the column takes the "C" collation.
 */
export const byteOrder = (column: string): string => (engine() === "postgres" ? `"${column}" COLLATE "C"` : `"${column}"`);

/** A fresh placeholder sequence for one statement: $1, $2 … on PostgreSQL, ? on SQLite. */
export function placeholders(): () => string {
  if (engine() !== "postgres") return () => "?";
  let n = 0;
  return () => `$${++n}`;
}
