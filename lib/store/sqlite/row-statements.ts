import type Database from "better-sqlite3";
import { OUTPUT_COLUMNS, FEEDBACK_COLUMNS, LABEL_COLUMNS, TICKET_COLUMNS, type StoredOutput } from "../../domain/ingest-rows";
import type { RollupDeltas } from "../../domain/rollup";
import { applyRollupsSqlite } from "./rollup-writer";

// Row-at-a-time statements on the raw SQLite connection for the benchmark's writers (bench/: the
// generator, the detection replay and the raw baseline), beside the rollups written as ingest
// writes them. Ingest itself plans and writes set-based (lib/store/sqlite/ingest-writer.ts).

const q = (name: string) => `"${name}"`;

function insertSql(table: string, columns: readonly string[], conflict: string): string {
  return `INSERT INTO ${q(table)} (${columns.map(q).join(", ")}) VALUES (${columns.map(() => "?").join(", ")}) ${conflict}`;
}

function replaceSql(table: string, columns: readonly string[], keys: readonly string[]): string {
  const set = columns
    .filter((c) => !keys.includes(c))
    .map((c) => `${q(c)} = excluded.${q(c)}`)
    .join(", ");
  return insertSql(table, columns, `ON CONFLICT (${keys.map(q).join(", ")}) DO UPDATE SET ${set}`);
}

export type IngestStore = ReturnType<typeof prepare>;

const stores = new WeakMap<Database.Database, IngestStore>();

/** The statements, prepared once per connection. */
export function ingestStore(conn: Database.Database): IngestStore {
  let store = stores.get(conn);
  if (!store) {
    store = prepare(conn);
    stores.set(conn, store);
  }
  return store;
}

function prepare(conn: Database.Database) {
  const insertOutput = conn.prepare(insertSql("Output", OUTPUT_COLUMNS, "ON CONFLICT DO NOTHING"));
  const insertTicket = conn.prepare(insertSql("TicketMention", TICKET_COLUMNS, "ON CONFLICT DO NOTHING"));
  const upsertLabel = conn.prepare(replaceSql("Label", LABEL_COLUMNS, ["outputId", "source"]));
  const upsertFeedback = conn.prepare(replaceSql("Feedback", FEEDBACK_COLUMNS, ["outputId"]));
  const selectOutput = conn.prepare(
    `SELECT "id", "featureId", "phase", "segment", "minute", "confidence", "inputType", "model", "review", "at" FROM "Output" WHERE "id" = ?`,
  );
  const bool = (v: unknown) => (typeof v === "boolean" ? (v ? 1 : 0) : v);
  // better-sqlite3 prepares BEGIN/COMMIT when a transaction function is made: make it once.
  const inTransaction = conn.transaction((fn: () => unknown) => fn());

  return {
    /** Runs fn in one IMMEDIATE transaction: all of it commits, or none of it. */
    transaction<T>(fn: () => T): T {
      return inTransaction.immediate(fn) as T;
    },
    /** true when the row was new, false when its id was already stored */
    insertOutput: (row: unknown[]) => insertOutput.run(row.map(bool)).changes === 1,
    insertTicket: (row: unknown[]) => insertTicket.run(row).changes === 1,
    upsertLabel: (row: unknown[]) => upsertLabel.run(row.map(bool)),
    upsertFeedback: (row: unknown[]) => upsertFeedback.run(row),
    output: (id: string) => selectOutput.get(id) as Omit<StoredOutput, "review"> | undefined,
    /** every rollup, as ingest writes them */
    applyDeltas: (deltas: RollupDeltas) => applyRollupsSqlite(conn, deltas),
  };
}
