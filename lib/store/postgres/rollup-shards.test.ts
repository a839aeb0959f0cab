import { describe, expect, it } from "vitest";
import { engine, pool } from "../../db";
import { ingestEvents } from "../../use-cases/ingest";
import { featureAdoption } from "../../read/adoption";
import { featureMetrics } from "../../read/metrics";
import { pgRows } from "./pg-sql";
import { givenFeature } from "../../testing/fixtures";
import { holdNextBatchForTests } from "./ingest-writer";

// Two writers of the same minute on PostgreSQL (issue 24, part 5): while writer A's batch sits in its
// open transaction after its last write (its row locks held until it commits), writer B's batch of
// the same feature, minute, phase and segment commits without waiting for A — each transaction adds
// its deltas to its own shard of the rollup rows. Afterwards every rollup sums, over its shards, to
// exactly what the same batches written one after the other leave.

const T = Date.UTC(2026, 11, 7, 10, 30, 5);
const ROLLUPS: Record<string, string[]> = {
  MetricBucket: ["phase", "segment", "minute"],
  HourBucket: ["phase", "segment", "hour"],
  SliceBucket: ["phase", "segment", "inputType", "hour"],
  SourceBucket: ["phase", "segment", "hour", "source"],
  JudgeBucket: ["phase", "segment", "hour"],
  ModelBucket: ["model", "phase", "segment", "hour"],
  AdoptionDay: ["day", "phase", "segment"],
};

function batch(feature: string, prefix: string, n: number) {
  const events: object[] = [];
  for (let i = 0; i < n; i++) {
    const id = `${prefix}${i}`;
    const at = T + i;
    events.push({
      type: "output",
      feature,
      id,
      confidence: (i % 10) / 10 + 0.05,
      segment: "all",
      inputType: "sql",
      model: "m-1",
      unit: `u${i % 7}`,
      shown: true,
      timestamp: at,
    });
    if (i % 2 === 0) events.push({ type: "label", feature, outputId: id, correct: i % 3 !== 0, timestamp: at + 1 });
    if (i % 4 === 0) events.push({ type: "label", feature, outputId: id, source: "heuristic", correct: i % 5 !== 0, timestamp: at + 2 });
    if (i % 3 === 0) events.push({ type: "feedback", feature, outputId: id, value: i % 2 ? "up" : "down", timestamp: at + 3 });
  }
  return events;
}

/** Each rollup table's rows of a feature, summed over shards: key → summed counters. */
async function rollups(featureId: string) {
  const out: Record<string, Record<string, Record<string, number>>> = {};
  for (const [table, keys] of Object.entries(ROLLUPS)) {
    const sums: Record<string, Record<string, number>> = {};
    for (const row of await pgRows<Record<string, unknown>>(`SELECT * FROM "${table}" WHERE "featureId" = $1`, [featureId], pool())) {
      const key = keys.map((k) => String(row[k])).join("|");
      sums[key] ??= {};
      for (const [c, v] of Object.entries(row)) {
        if (c === "featureId" || c === "shard" || keys.includes(c) || v === null || typeof v === "object") continue;
        sums[key][c] = (sums[key][c] ?? 0) + Number(v);
      }
    }
    out[table] = sums;
  }
  return out;
}

const within = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms))]);

describe.skipIf(engine() !== "postgres")("two writers of one minute on PostgreSQL", () => {
  it("B's batch commits while A's is held open on the same rollup rows; the rollups are exact afterwards", async () => {
    const concurrent = await givenFeature("shard-concurrent", "full");
    const serial = await givenFeature("shard-serial", "full");
    // the model's first sighting is one row per feature and model that concurrent first sightings wait
    // for (ModelVersion): once per model ever, so the features have seen it before
    for (const key of ["shard-concurrent", "shard-serial"]) await ingestEvents(batch(key, "seen", 1), T + 60_000);

    let release!: () => void;
    let reached!: () => void;
    const held = new Promise<void>((r) => (reached = r));
    holdNextBatchForTests(() => {
      reached();
      return new Promise<void>((r) => (release = r));
    });
    const a = ingestEvents(batch("shard-concurrent", "a", 60), T + 60_000);
    await held; // A has written everything and holds its locks
    const started = Date.now();
    let bMs: number;
    try {
      const b = await within(ingestEvents(batch("shard-concurrent", "b", 60), T + 60_000), 3_000);
      bMs = Date.now() - started;
      expect(b.rejected).toEqual([]);
    } catch (e) {
      // what B waits for
      console.log(
        await pgRows(
          `SELECT wait_event_type, wait_event, left(query, 300) q FROM pg_stat_activity WHERE wait_event_type = 'Lock'`,
          [],
          pool(),
        ),
      );
      throw e;
    } finally {
      release();
    }
    expect((await a).rejected).toEqual([]);
    expect(bMs).toBeLessThan(3_000);

    for (const prefix of ["a", "b"]) expect((await ingestEvents(batch("shard-serial", prefix, 60), T + 60_000)).rejected).toEqual([]);

    const got = await rollups(concurrent.id);
    expect(got.MetricBucket).not.toEqual({});
    expect(got).toEqual(await rollups(serial.id));
    const q = { from: T - 3_600_000, to: T + 3_600_000 };
    for (const interval of ["minute", "hour"] as const) {
      const [x, y] = await Promise.all([featureMetrics(concurrent.id, { ...q, interval }), featureMetrics(serial.id, { ...q, interval })]);
      expect(x).toEqual(y);
    }
    const [x, y] = await Promise.all([featureAdoption(concurrent.id, q), featureAdoption(serial.id, q)]);
    expect(x).toEqual(y);
    expect(x!.bySegment[0]!.outputs).toBe(121);
    // A and B wrote different rows of the minute; the serial batches both wrote shard 0
    const shards = (id: string) =>
      pgRows<{ shard: number }>(`SELECT DISTINCT "shard" FROM "MetricBucket" WHERE "featureId" = $1 ORDER BY 1`, [id], pool());
    expect((await shards(concurrent.id)).map((r) => r.shard)).toEqual([0, 1]);
    expect((await shards(serial.id)).map((r) => r.shard)).toEqual([0]);
  });
});
