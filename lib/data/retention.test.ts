import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, Prisma } from "../db";
import { DAY_MS } from "../domain/retention";
import { givenFeature } from "../testing/fixtures";
import type { FeatureConfig } from "./features";
import { ingestEvents } from "../use-cases/ingest";
import { featureMetrics } from "../read/metrics";
import { readRows } from "../store/raw-sql";
import { startRetentionPurge } from "./retention-schedule";
import { lastPurge, OUTPUT_KEYED_TABLES, purgeExpired, setRetentionDaysForTests, TIME_KEYED_TABLES } from "./retention";
import { ident } from "./sql";

// Retention on a real database (SQLite, or PostgreSQL with TEST_DATABASE_URL): raw events older
// than the retention go with every row keyed by their output, rollups stay, so the charts read the
// same figures; a purged event sent again is refused, not counted twice.

const NOW = Date.parse("2026-11-20T12:00:00Z");
const OLD = NOW - 50 * DAY_MS; // older than a 40-day retention
const RECENT = NOW - 5 * DAY_MS;
const KEY = "retention-feature";
let feature: FeatureConfig;

const outputs = (prefix: string, at: number, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    type: "output",
    feature: KEY,
    id: `${prefix}${i}`,
    confidence: 0.5 + (i % 5) / 10,
    segment: i % 2 ? "a" : "b",
    inputType: "sql",
    timestamp: at + i * 60_000,
  }));
const labels = (prefix: string, at: number, n: number) =>
  Array.from({ length: n }, (_, i) => ({ type: "label", feature: KEY, outputId: `${prefix}${i}`, correct: i % 3 !== 0, timestamp: at + i * 60_000 + 1 }));
const thumbs = (prefix: string, at: number, n: number) =>
  Array.from({ length: n }, (_, i) => ({ type: "feedback", feature: KEY, outputId: `${prefix}${i}`, value: i % 4 ? "up" : "down", timestamp: at + i * 60_000 + 2 }));

async function countWhere(table: string, column: string, value: string): Promise<number> {
  const [row] = await readRows<{ n: number }>(Prisma.sql`SELECT COUNT(*) AS n FROM ${ident(table)} WHERE ${ident(column)} = ${value}`);
  return Number(row.n);
}

/** One row in every review table for an output, as the review pages and the queue would leave it. */
async function reviewRows(clientId: string, at: number) {
  const outputId = `${feature.id}:${clientId}`;
  const featureId = feature.id;
  const t = BigInt(at);
  await db.reviewPending.create({ data: { outputId, featureId, at: t } });
  await db.reviewDecision.create({ data: { featureId, outputId, reviewer: "r@example.com", verdict: "correct", at: t, before: "{}" } });
  await db.reviewSetAside.create({ data: { outputId, featureId, at: t, reason: "old", setAsideBy: "r@example.com", setAsideAt: t } });
  await db.reviewVerdict.create({ data: { outputId, featureId, at: t, waitMs: BigInt(1000) } });
  await db.reviewItem.create({ data: { outputId, featureId, week: t, updatedBy: "r@example.com", updatedAt: t } });
  await db.reviewTag.create({ data: { outputId, tag: "truncated", featureId, week: t, createdBy: "r@example.com", createdAt: t } });
  await db.reviewClaim.create({ data: { outputId, featureId, claimedBy: "r@example.com", claimedAt: t, expiresAt: t } });
}

const ninetyDays = () => featureMetrics(feature.id, { from: NOW - 90 * DAY_MS, to: NOW, interval: "day" });

beforeAll(async () => {
  feature = await givenFeature(KEY, "full");
  for (const [prefix, at] of [
    ["old", OLD],
    ["new", RECENT],
  ] as const) {
    const res = await ingestEvents(
      [
        ...outputs(prefix, at, 12),
        ...labels(prefix, at, 12),
        ...thumbs(prefix, at, 6),
        { type: "ticket", feature: KEY, id: `${prefix}-t`, outputId: `${prefix}0`, severity: "high", timestamp: at + 5 },
        { type: "accuracy", feature: KEY, id: `${prefix}-s`, correct: 8, total: 10, timestamp: at + 6 },
      ],
      at + DAY_MS,
    );
    expect(res.rejected).toEqual([]);
    await reviewRows(`${prefix}0`, at);
  }
  setRetentionDaysForTests(40);
});

afterAll(() => setRetentionDaysForTests(undefined));

describe("retention purge", () => {
  it("does nothing while retention is off", async () => {
    expect(await purgeExpired({ now: NOW, days: null })).toBeNull();
    expect(await db.output.count({ where: { featureId: feature.id } })).toBe(24);
  });

  it("deletes old outputs with every row keyed by them, in batches, keeps recent ones and leaves the charts unchanged", async () => {
    const before = await ninetyDays();
    expect(before.totals.outputs).toBe(24);

    const result = await purgeExpired({ now: NOW, batch: 5 });
    expect(result).not.toBeNull();
    expect(result!.deleted.Output).toBe(12);
    expect(result!.batches).toBeGreaterThanOrEqual(3); // 12 outputs, 5 a transaction

    expect(await db.output.count({ where: { featureId: feature.id, at: { lt: BigInt(NOW - 40 * DAY_MS) } } })).toBe(0);
    expect(await db.output.count({ where: { featureId: feature.id } })).toBe(12);
    for (const table of OUTPUT_KEYED_TABLES) {
      expect(await countWhere(table, "outputId", `${feature.id}:old0`), `${table} of a purged output`).toBe(0);
      expect(await countWhere(table, "outputId", `${feature.id}:new0`), `${table} of a kept output`).toBe(1);
    }
    for (const table of TIME_KEYED_TABLES) {
      expect(await countWhere(table, "id", `${feature.id}:old-${table === "TicketMention" ? "t" : "s"}`), `${table}, old`).toBe(0);
      expect(await countWhere(table, "id", `${feature.id}:new-${table === "TicketMention" ? "t" : "s"}`), `${table}, recent`).toBe(1);
    }
    expect(await db.label.count({ where: { featureId: feature.id } })).toBe(12);

    // rollups are kept: the 90-day chart and its totals read exactly what they read before
    expect(await ninetyDays()).toEqual(before);

    // audited: when, what and how many
    const last = await lastPurge();
    expect(last?.outputs).toBe(12);
    const event = await db.auditEvent.findFirst({ where: { action: "retention.purge" }, orderBy: { id: "desc" } });
    expect(event?.actor).toBe("system:retention");
    expect(JSON.parse(event!.after!).deleted.Label).toBe(12);

    // a second run finds nothing and writes no audit event
    const again = await purgeExpired({ now: NOW });
    expect(again!.deleted.Output).toBe(0);
    expect(await db.auditEvent.count({ where: { action: "retention.purge" } })).toBe(1);
  });

  it("refuses a purged event sent again instead of counting it a second time", async () => {
    const before = await ninetyDays();
    const res = await ingestEvents([...outputs("old", OLD, 3), ...labels("old", OLD, 2), ...thumbs("old", OLD, 1)], NOW);
    expect(res.accepted).toBe(0);
    expect(res.rejected.map((r) => r.code)).toEqual([
      "older_than_retention",
      "older_than_retention",
      "older_than_retention",
      "unknown_output",
      "unknown_output",
      "unknown_output",
    ]);
    expect(await ninetyDays()).toEqual(before);
    expect(await db.output.count({ where: { featureId: feature.id } })).toBe(12);
  });

  it("still takes recent events, and recent resends stay idempotent", async () => {
    const res = await ingestEvents([...outputs("new", RECENT, 2), ...outputs("late", NOW - 39 * DAY_MS, 1)], NOW);
    expect(res).toMatchObject({ accepted: 1, duplicates: 2, rejected: [] });
  });
});

describe("the periodic purge", () => {
  it("runs by itself in a server process once a retention is set", async () => {
    const other = await givenFeature("retention-periodic", "full");
    const now = Date.now();
    setRetentionDaysForTests(null); // history from before the retention was set
    const res = await ingestEvents(
      [0, 1].map((i) => ({ type: "output", feature: "retention-periodic", id: `p${i}`, confidence: 0.9, timestamp: now - (50 - i * 45) * DAY_MS })),
      now,
    );
    expect(res.accepted).toBe(2);
    setRetentionDaysForTests(40);
    startRetentionPurge({ firstMs: 10, intervalMs: 60_000 });
    await expect.poll(() => db.output.count({ where: { featureId: other.id } }), { timeout: 10_000 }).toBe(1);
    expect(await db.output.findFirst({ where: { featureId: other.id } })).toMatchObject({ clientId: "p1" });
  });
});
