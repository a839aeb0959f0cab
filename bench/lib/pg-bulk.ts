import type Database from "better-sqlite3";
import { pool } from "../../lib/db";
import { applyDeltasPostgres } from "../../lib/store/postgres/rollup-writer";
import { pgTransaction } from "../../lib/store/postgres/pg-sql";
import type { RollupDeltas } from "../../lib/domain/rollup";

// The generator's PostgreSQL sink (bench/generate.ts on a postgresql:// DATABASE_URL). The generator
// writes through better-sqlite3-style prepared INSERTs; here each INSERT's rows are kept until the
// day is done and then written in one transaction as multi-row `INSERT … SELECT FROM unnest(…)`
// statements (the ingest path's shape, lib/store/postgres/), with the day's rollups upserted
// by the ingest path's own applyDeltasPostgres. Any plain `INSERT INTO "T" (cols) VALUES (?, …)`
// works, so a table added to the generator is written on both engines without more code here.

const ARRAY_TYPES: Record<string, string> = {
  text: "text",
  "double precision": "float8",
  boolean: "bool",
  bigint: "int8",
  integer: "int4",
};
const CHUNK = 20_000;

interface Pending {
  table: string;
  columns: string[];
  types: string[];
  rows: unknown[][];
}

export async function postgresBulk() {
  const { rows: info } = await pool().query<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema()`,
  );
  const typeOf = new Map(info.map((r) => [`${r.table_name}.${r.column_name}`, r.data_type]));
  const statements: Pending[] = [];
  let deltas: RollupDeltas[] = [];

  const prepare = (sql: string) => {
    const m = /^\s*INSERT INTO "(\w+)" \(([^)]*)\) VALUES/i.exec(sql);
    if (!m) throw new Error(`the PostgreSQL generator sink takes plain INSERT … VALUES statements, not: ${sql}`);
    const columns = m[2].split(",").map((c) => c.trim().replace(/^"|"$/g, ""));
    const types = columns.map((c) => {
      const t = ARRAY_TYPES[typeOf.get(`${m[1]}.${c}`) ?? ""];
      if (!t) throw new Error(`no PostgreSQL column ${m[1]}.${c} of a known type`);
      return t;
    });
    const entry: Pending = { table: m[1], columns, types, rows: [] };
    statements.push(entry);
    return { run: (...args: unknown[]) => void entry.rows.push(args) };
  };

  const conn = {
    pragma: () => undefined,
    prepare,
    transaction: (fn: () => void) => () => fn(),
  } as unknown as Database.Database;

  return {
    conn,
    store: { applyDeltas: (d: RollupDeltas) => void deltas.push(d) },
    /** Writes what the day's statements collected, in one transaction. */
    async flush() {
      const todo = deltas;
      await pgTransaction(async (client) => {
        for (const s of statements) {
          const names = s.columns.map((c) => `"${c}"`).join(", ");
          const arrays = s.types.map((t, i) => `$${i + 1}::${t}[]`).join(", ");
          const text = `INSERT INTO "${s.table}" (${names}) SELECT * FROM unnest(${arrays})`;
          for (let at = 0; at < s.rows.length; at += CHUNK) {
            const chunk = s.rows.slice(at, at + CHUNK);
            const values = s.types.map((t, i) => chunk.map((r) => (t === "bool" && typeof r[i] === "number" ? r[i] === 1 : r[i])));
            await client.query(text, values);
          }
        }
        for (const d of todo) await applyDeltasPostgres(client, d);
      });
      for (const s of statements) s.rows = [];
      deltas = [];
    },
    /** Fresh statistics and a visibility map for the planner, as a deployment's autovacuum would leave them. */
    async done() {
      await pool().query("VACUUM ANALYZE");
    },
  };
}
