import type Database from "better-sqlite3";
import type pg from "pg";
import { guardedWrite, sqlite } from "../db";
import { worstCandidates, type CandidateChanges, type CandidateSignalRow, type WorstCandidateRow } from "../domain/worst-candidate";
import { pgRows, pgTransaction } from "../store/postgres/pg-sql";

// The WorstCandidate table (lib/domain/worst-candidate.ts): kept by ingest on both engines — after
// a batch's writes, in its transaction, the outputs whose signals the batch touched are read back
// and their rows written or deleted — and rebuilt from the raw rows by the migration's backfill and
// the bench's generator. Reading the signals back (rather than replaying each event) keeps one
// source of truth: whatever the ingest rules stored is what the row says.

/** The signals of outputs (an output without a confidence ranks as one of 0: never a confident error), one row per output × label × ticket (WHERE filled in by the caller). */
const signalSql = (where: string) => `
  SELECT o."id", o."featureId", o."input", o."output", o."unit", o."segment", o."phase", COALESCE(o."confidence", 0) AS "confidence", o."at", o."shown",
         l."source", l."correct", f."value" AS "thumbs", f."comment", t."id" AS "ticketId", t."severity"
  FROM "Output" o
  LEFT JOIN "Label" l ON l."outputId" = o."id"
  LEFT JOIN "Feedback" f ON f."outputId" = o."id"
  LEFT JOIN "TicketMention" t ON t."outputId" = o."id"
  WHERE ${where}`;

/** The outputs of a feature in a time window with at least one bad signal (the backfill's walk). */
const BAD_SIGNAL = `(EXISTS (SELECT 1 FROM "Label" x WHERE x."outputId" = o."id" AND x."correct" = FALSE)
    OR EXISTS (SELECT 1 FROM "Feedback" y WHERE y."outputId" = o."id" AND y."value" = 'down')
    OR EXISTS (SELECT 1 FROM "TicketMention" z WHERE z."outputId" = o."id"))`;

const COLUMNS = ["outputId", "featureId", "at", "score", "confidence", "groupKey", "phase", "segment", "unit"] as const;
const PG_TYPES = ["text", "text", "int8", "int4", "float8", "text", "text", "text", "text"] as const;
const UPDATE_SET = COLUMNS.slice(1)
  .map((c) => `"${c}" = excluded."${c}"`)
  .join(", ");
const values = (r: WorstCandidateRow) => COLUMNS.map((c) => r[c]);

// ---------------------------------------------------------------- SQLite: prepared statements

const stores = new WeakMap<Database.Database, ReturnType<typeof prepare>>();

function prepare(conn: Database.Database) {
  const signals = conn.prepare(signalSql(`o."id" = ?`));
  const upsert = conn.prepare(
    `INSERT INTO "WorstCandidate" (${COLUMNS.map((c) => `"${c}"`).join(", ")}) VALUES (${COLUMNS.map(() => "?").join(", ")})
     ON CONFLICT ("outputId") DO UPDATE SET ${UPDATE_SET}`,
  );
  const remove = conn.prepare(`DELETE FROM "WorstCandidate" WHERE "outputId" = ?`);
  const has = conn.prepare(`SELECT 1 FROM "WorstCandidate" WHERE "outputId" = ?`).pluck();
  const ticketed = conn.prepare(`SELECT 1 FROM "TicketMention" WHERE "outputId" = ? LIMIT 1`).pluck();
  const window = conn.prepare(signalSql(windowWhere(() => "?")));
  return { signals, upsert, remove, has, ticketed, window };
}

function statements(conn: Database.Database) {
  let s = stores.get(conn);
  if (!s) stores.set(conn, (s = prepare(conn)));
  return s;
}

/** Writes the rows of the changed outputs; run inside the batch's SQLite transaction. */
export function refreshWorstCandidatesSqlite(conn: Database.Database, changes: CandidateChanges): void {
  if (changes.empty) return;
  const s = statements(conn);
  const ids = new Set(changes.bad);
  for (const id of changes.inserted) if (!ids.has(id) && s.ticketed.get(id)) ids.add(id);
  for (const id of changes.good) if (!ids.has(id) && s.has.get(id)) ids.add(id);
  for (const id of ids) {
    const { rows, absent } = worstCandidates(s.signals.all(id) as CandidateSignalRow[]);
    for (const r of rows) s.upsert.run(values(r));
    for (const a of absent) s.remove.run(a);
    if (rows.length === 0 && absent.length === 0) s.remove.run(id); // the output is gone
  }
}

// ---------------------------------------------------------------- PostgreSQL: set-based

const PG = {
  signals: signalSql(`o."id" = ANY($1::text[])`),
  has: `SELECT "outputId" FROM "WorstCandidate" WHERE "outputId" = ANY($1::text[])`,
  ticketed: `SELECT DISTINCT "outputId" FROM "TicketMention" WHERE "outputId" = ANY($1::text[])`,
  upsert: `INSERT INTO "WorstCandidate" (${COLUMNS.map((c) => `"${c}"`).join(", ")})
    SELECT * FROM unnest(${PG_TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(", ")})
    ON CONFLICT ("outputId") DO UPDATE SET ${UPDATE_SET}`,
  remove: `DELETE FROM "WorstCandidate" WHERE "outputId" = ANY($1::text[])`,
};

async function writeRowsPostgres(client: pg.PoolClient, rows: WorstCandidateRow[], absent: string[]) {
  if (rows.length > 0) {
    rows.sort((a, b) => (a.outputId < b.outputId ? -1 : a.outputId > b.outputId ? 1 : 0)); // lock order
    await pgRows(PG.upsert, COLUMNS.map((c) => rows.map((r) => r[c])), client);
  }
  if (absent.length > 0) await pgRows(PG.remove, [absent.sort()], client);
}

/** Writes the rows of the changed outputs; run inside the batch's PostgreSQL transaction. */
export async function refreshWorstCandidatesPostgres(client: pg.PoolClient, changes: CandidateChanges): Promise<void> {
  if (changes.empty) return;
  const ids = new Set(changes.bad);
  const inserted = changes.inserted.filter((id) => !ids.has(id));
  if (inserted.length > 0) for (const r of await pgRows<{ outputId: string }>(PG.ticketed, [inserted], client)) ids.add(r.outputId);
  const good = [...changes.good].filter((id) => !ids.has(id));
  if (good.length > 0) for (const r of await pgRows<{ outputId: string }>(PG.has, [good], client)) ids.add(r.outputId);
  if (ids.size === 0) return;
  const { rows, absent } = worstCandidates(await pgRows<CandidateSignalRow>(PG.signals, [[...ids]], client));
  const seen = new Set([...rows.map((r) => r.outputId), ...absent]);
  for (const id of ids) if (!seen.has(id)) absent.push(id); // the output is gone
  await writeRowsPostgres(client, rows, absent);
}

// ---------------------------------------------------------------- rebuild (backfill, bench): one window; the walk is worst-candidates-rebuild.ts

const windowWhere = (p: (i: number) => string) => `o."featureId" = ${p(1)} AND o."at" >= ${p(2)} AND o."at" < ${p(3)} AND ${BAD_SIGNAL}`;

/** SQLite: writes the rows of one feature's outputs in [from, to) from the raw rows, in one transaction under the write lock. */
export async function rebuildWindowSqlite(featureId: string, from: number, to: number): Promise<number> {
  const conn = sqlite();
  return guardedWrite(async () =>
    conn.transaction(() => {
      const s = statements(conn);
      const { rows } = worstCandidates(s.window.all(featureId, from, to) as CandidateSignalRow[]);
      for (const r of rows) s.upsert.run(values(r));
      return rows.length;
    }).immediate(),
  );
}

/** PostgreSQL: the same, in one transaction of the pool. */
export async function rebuildWindowPostgres(featureId: string, from: number, to: number): Promise<number> {
  return pgTransaction(async (client) => {
    const { rows } = worstCandidates(await pgRows<CandidateSignalRow>(signalSql(windowWhere((i) => `$${i}`)), [featureId, from, to], client));
    await writeRowsPostgres(client, rows, []);
    return rows.length;
  });
}
