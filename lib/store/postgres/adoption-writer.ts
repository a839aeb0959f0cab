import type pg from "pg";
import { pgRows } from "./pg-sql";
import { ADOPTION_COUNTERS, mergedUnits, type AdoptionDeltas } from "../../domain/adoption";
import { rollupShard } from "./rollup-writer";
import { q } from "./set-sql";

// Adoption day rows on PostgreSQL, in the caller's transaction: the touched rows of the
// transaction's rollup shard (rollup-writer.ts: concurrent writers hold different shards, readers
// merge the rows of a day as they merge days) are created when missing, locked in key order and
// read (a sketch cannot be merged by SQL), then updated with the merged sketch and the counters added.

const KEYS = `"featureId", "day", "phase", "segment", "shard"`;
const KEY_ARRAYS = `unnest($1::text[], $2::int4[], $3::text[], $4::text[], $5::int4[])`;
const SQL = {
  create: `INSERT INTO "AdoptionDay" (${KEYS}) SELECT * FROM ${KEY_ARRAYS} ON CONFLICT DO NOTHING`,
  lock: `SELECT ${KEYS}, "units" FROM "AdoptionDay" WHERE (${KEYS}) IN (SELECT * FROM ${KEY_ARRAYS})
    ORDER BY "featureId" COLLATE "C", "day", "phase" COLLATE "C", "segment" COLLATE "C", "shard" FOR UPDATE`,
  update: `UPDATE "AdoptionDay" a SET "units" = COALESCE(u."units", a."units"), ${ADOPTION_COUNTERS.map((c) => `${q(c)} = a.${q(c)} + u.${q(c)}`).join(", ")}
    FROM unnest($1::text[], $2::int4[], $3::text[], $4::text[], $5::int4[], $6::bytea[], ${ADOPTION_COUNTERS.map((_, i) => `$${i + 7}::int4[]`).join(", ")})
      AS u(${KEYS}, "units", ${ADOPTION_COUNTERS.map(q).join(", ")})
    WHERE a."featureId" = u."featureId" AND a."day" = u."day" AND a."phase" = u."phase" AND a."segment" = u."segment" AND a."shard" = u."shard"`,
};

const keyString = (r: { featureId: string; day: number; phase: string; segment: string }) =>
  `${r.featureId}\u0000${r.day}\u0000${r.phase}\u0000${r.segment}`;

/** Merges the changes into the day rows, in the client's open transaction. */
export async function applyAdoptionPostgres(client: pg.PoolClient, deltas: AdoptionDeltas): Promise<void> {
  const list = deltas.list();
  if (list.length === 0) return;
  const shard = await rollupShard(client);
  const keyColumns = [
    list.map((d) => d.key.featureId),
    list.map((d) => d.key.day),
    list.map((d) => d.key.phase),
    list.map((d) => d.key.segment),
    list.map(() => shard),
  ];
  await pgRows(SQL.create, keyColumns, client);
  const stored = new Map<string, Uint8Array | null>();
  const sketched = list.filter((d) => d.units);
  if (sketched.length > 0) {
    const lockColumns = [
      sketched.map((d) => d.key.featureId),
      sketched.map((d) => d.key.day),
      sketched.map((d) => d.key.phase),
      sketched.map((d) => d.key.segment),
      sketched.map(() => shard),
    ];
    for (const r of await pgRows<{ featureId: string; day: number; phase: string; segment: string; units: Buffer | null }>(
      SQL.lock,
      lockColumns,
      client,
    )) {
      stored.set(keyString(r), r.units);
    }
  }
  const units = list.map((d) => {
    const merged = d.units ? mergedUnits(stored.get(keyString(d.key)) ?? null, d.units) : null;
    return merged ? Buffer.from(merged) : null;
  });
  await pgRows(SQL.update, [...keyColumns, units, ...ADOPTION_COUNTERS.map((c) => list.map((d) => d.counts[c]))], client);
}
