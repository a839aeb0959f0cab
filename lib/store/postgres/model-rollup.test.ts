import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { engine, pool, Prisma, sqlite } from "../../db";
import { DELTA_COLUMNS } from "../../domain/rollup";
import { givenFeature } from "../../testing/fixtures";
import { featureChanges } from "../../read/feature-changes";
import { ingestEvents, revertHumanVerdict, verdictBefore } from "../../use-cases/ingest";
import { featureMetrics } from "../../read/metrics";
import { rebuildModelBuckets } from "./model-rollup";
import { modelBackfillSql } from "../model-rollup-sql";
import { modelVersions } from "../../read/model-versions";
import { readRows } from "../raw-sql";

// The model rollup on a real database (SQLite by default, PostgreSQL with TEST_DATABASE_URL): what
// ingest keeps per model version, what a filtered dashboard reads, and the rebuild from raw rows
// (the migration's backfill) agreeing with ingest.

const T0 = Date.parse("2026-11-20T10:00:00Z");
const MIN = 60_000;
const HOUR = 60 * MIN;

async function modelRows(featureId: string) {
  const rows = await readRows<Record<string, unknown>>(
    Prisma.sql`SELECT * FROM "ModelBucket" WHERE "featureId" = ${featureId} ORDER BY "model", "hour", "phase", "segment"`,
  );
  return rows.map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => [k, typeof v === "number" || typeof v === "bigint" ? Math.round(Number(v) * 1e6) / 1e6 : v]),
    ),
  );
}

const output = (feature: string, id: string, model: string | undefined, at: number, confidence = 0.9, extra: object = {}) => ({
  type: "output",
  feature,
  id,
  confidence,
  timestamp: at,
  segment: "smb",
  ...(model ? { model } : {}),
  ...extra,
});

async function ingestOk(events: object[], now = T0 + 30 * HOUR) {
  const r = await ingestEvents(events, now);
  expect(r.rejected).toEqual([]);
  return r;
}

describe("model rollup", () => {
  it("counts late labels, flips, thumbs and linked tickets under the output's model", async () => {
    const f = await givenFeature("late-labels", "gradual");
    await ingestOk([
      output("late-labels", "a1", "m1", T0, 0.95),
      output("late-labels", "a2", "m1", T0 + 5 * MIN, 0.62),
      output("late-labels", "b1", "m2", T0 + 10 * MIN, 0.95),
      output("late-labels", "n1", undefined, T0 + 10 * MIN, 0.95),
    ]);
    // hours later: the judge says right, then a human overrules it; thumbs change their mind
    await ingestOk([
      { type: "label", feature: "late-labels", outputId: "a1", correct: true, source: "heuristic", timestamp: T0 + 3 * HOUR },
      { type: "label", feature: "late-labels", outputId: "b1", correct: true, source: "human", timestamp: T0 + 3 * HOUR },
      { type: "feedback", feature: "late-labels", outputId: "a2", value: "up", timestamp: T0 + 3 * HOUR },
      { type: "ticket", feature: "late-labels", id: "t1", outputId: "b1", severity: "critical", timestamp: T0 + 5 * HOUR },
      { type: "ticket", feature: "late-labels", id: "t2", severity: "normal", timestamp: T0 + 5 * HOUR },
      { type: "accuracy", feature: "late-labels", id: "s1", correct: 9, total: 10, timestamp: T0 + 5 * MIN },
    ]);
    await ingestOk([
      { type: "label", feature: "late-labels", outputId: "a1", correct: false, source: "human", timestamp: T0 + 4 * HOUR },
      { type: "feedback", feature: "late-labels", outputId: "a2", value: "down", timestamp: T0 + 4 * HOUR },
    ]);
    const q = { from: T0, to: T0 + 6 * HOUR, interval: "hour" as const };
    const m1 = await featureMetrics(f.id, { ...q, model: "m1" });
    expect(m1.totals.outputs).toBe(2);
    expect(m1.totals.accuracy).toMatchObject({ n: 1, value: 0 }); // the human's "wrong" replaced the judge's "right"
    expect(m1.totals.thumbsDownRate).toMatchObject({ n: 1, value: 1 });
    expect(m1.totals.tickets).toBe(0);
    // labels and thumbs count at the output's hour, as in the other rollups
    expect(m1.points.find((p) => p.start === T0 / MIN)?.outputs).toBe(2);
    const m2 = await featureMetrics(f.id, { ...q, model: "m2" });
    expect(m2.totals).toMatchObject({ outputs: 1, tickets: 1, criticalTickets: 1 });
    expect(m2.totals.accuracy).toMatchObject({ n: 1, value: 1 });
    // unfiltered: every output, the accuracy sample and the unlinked ticket too
    const all = await featureMetrics(f.id, q);
    expect(all.totals).toMatchObject({ outputs: 4, tickets: 2 });
    expect(all.totals.accuracy.n).toBe(12);
    expect(all.model).toBeNull();
    expect(m2.model).toBe("m2");
  });

  it("keeps each model's earliest sighting even when outputs arrive out of order", async () => {
    const f = await givenFeature("first-seen", "beta");
    await ingestOk([output("first-seen", "late", "m2", T0 + 2 * HOUR, 0.9, { phase: "early-access" })]);
    await ingestOk([output("first-seen", "old", "m2", T0 + 30 * MIN, 0.9, { phase: "beta" })]);
    await ingestOk([output("first-seen", "later", "m2", T0 + 3 * HOUR, 0.9, { phase: "gradual" })]);
    await ingestOk([output("first-seen", "base", "m1", T0, 0.9, { phase: "beta" })]);
    expect(await modelVersions(f.id)).toEqual([
      { model: "m2", minute: (T0 + 30 * MIN) / MIN, phase: "beta" },
      { model: "m1", minute: T0 / MIN, phase: "beta" },
    ]);
  });

  it("lists a new model's first appearance in the change history data", async () => {
    const f = await givenFeature("history", "beta");
    const now = Date.now();
    await ingestOk([output("history", "x1", "m1", now - 3 * 86_400_000), output("history", "x2", "m2", now - 86_400_000)], now);
    const versions = await modelVersions(f.id);
    expect(versions.map((v) => v.model)).toEqual(["m2", "m1"]);
    // the audit history itself is unchanged: model sightings are merged in by the page
    expect((await featureChanges("history")).some((c) => c.kind === "model")).toBe(false);
  });

  it("undoes a reverted human verdict in the model's figures too", async () => {
    const f = await givenFeature("revert", "beta");
    await ingestOk([output("revert", "r1", "m1", T0, 0.9, { review: true })]);
    await ingestOk([{ type: "label", feature: "revert", outputId: "r1", correct: false, source: "human", timestamp: T0 + HOUR }]);
    const id = `${f.id}:r1`;
    const before = await verdictBefore(id);
    await ingestOk([{ type: "label", feature: "revert", outputId: "r1", correct: true, source: "human", timestamp: T0 + 2 * HOUR }]);
    expect(await revertHumanVerdict(id, true, before)).toBe(true);
    const m = await featureMetrics(f.id, { from: T0, to: T0 + 3 * HOUR, interval: "hour", model: "m1" });
    expect(m.totals.accuracy).toMatchObject({ n: 1, value: 0 });
  });

  it("rebuilds from raw rows exactly what ingest kept (the migration's backfill)", async () => {
    const f = await givenFeature("backfill", "early-access");
    const events: object[] = [];
    for (let i = 0; i < 60; i++) {
      const model = i % 5 === 0 ? undefined : i % 3 === 0 ? "m2" : "m1";
      events.push(
        output("backfill", `o${i}`, model, T0 + i * 7 * MIN, Math.round((0.3 + ((i * 0.0113) % 0.7)) * 1000) / 1000, {
          segment: i % 2 ? "a" : "b",
          inputType: "sql",
        }),
      );
    }
    await ingestOk(events);
    const later: object[] = [];
    for (let i = 0; i < 60; i += 2)
      later.push({
        type: "label",
        feature: "backfill",
        outputId: `o${i}`,
        correct: i % 4 === 0,
        source: "heuristic",
        timestamp: T0 + 10 * HOUR,
      });
    for (let i = 0; i < 60; i += 3)
      later.push({
        type: "label",
        feature: "backfill",
        outputId: `o${i}`,
        correct: i % 2 === 0,
        source: i % 9 ? "human" : "ground_truth",
        timestamp: T0 + 11 * HOUR,
      });
    for (let i = 0; i < 60; i += 4)
      later.push({ type: "feedback", feature: "backfill", outputId: `o${i}`, value: i % 8 ? "up" : "down", timestamp: T0 + 11 * HOUR });
    for (let i = 0; i < 60; i += 10)
      later.push({
        type: "ticket",
        feature: "backfill",
        id: `t${i}`,
        outputId: `o${i + 1}`,
        severity: i % 20 ? "normal" : "critical",
        timestamp: T0 + 12 * HOUR,
      });
    await ingestOk(later);
    // changes of mind after that: flips of the judge and of thumbs
    await ingestOk([
      { type: "label", feature: "backfill", outputId: "o2", correct: true, source: "heuristic", timestamp: T0 + 13 * HOUR },
      { type: "feedback", feature: "backfill", outputId: "o4", value: "down", timestamp: T0 + 13 * HOUR },
    ]);
    // a ticket about an output not stored yet names no model, even once the output arrives
    await ingestOk(
      [{ type: "ticket", feature: "backfill", id: "early", outputId: "o70", severity: "critical", timestamp: T0 + 14 * HOUR }],
      T0 + 31 * HOUR,
    );
    await ingestOk([output("backfill", "o70", "m1", T0 + 14 * HOUR)], T0 + 32 * HOUR);
    const byIngest = await modelRows(f.id);
    expect(byIngest.reduce((n, r) => n + Number(r.criticalTickets), 0)).toBe(3);
    const versions = await modelVersions(f.id);
    expect(byIngest.length).toBeGreaterThan(5);
    expect(versions.map((v) => v.model).sort()).toEqual(["m1", "m2"]);
    await rebuildModelBuckets(f.id);
    expect(await modelRows(f.id)).toEqual(byIngest);
    expect(await modelVersions(f.id)).toEqual(versions);
    // per column, every model's figures and the outputs without a model add up to the hourly rollup
    const hours = await readRows<Record<string, number>>(
      Prisma.sql`SELECT SUM("outputs") AS "outputs", SUM("labelled") AS "labelled" FROM "HourBucket" WHERE "featureId" = ${f.id}`,
    );
    const modelled = byIngest.reduce((n, r) => n + Number(r.outputs), 0);
    expect(modelled).toBe(49);
    expect(Number(hours[0]!.outputs)).toBe(61);

    // the migration's own statements, over the whole history as an upgrade runs them
    const everyRow = async () => [await modelRows(f.id), await modelVersions(f.id)];
    const kept = await everyRow();
    if (engine() === "postgres") {
      await pool().query(`DELETE FROM "ModelBucket"; DELETE FROM "ModelVersion"`);
      for (const text of modelBackfillSql("postgres", "all")) await pool().query(text);
    } else {
      sqlite().exec(`DELETE FROM "ModelBucket"; DELETE FROM "ModelVersion"`);
      for (const text of modelBackfillSql("sqlite", "all")) sqlite().exec(text);
    }
    expect(await everyRow()).toEqual(kept);
  });

  it("the migration runs the same backfill as the rebuild", () => {
    const dir = engine() === "postgres" ? "prisma/postgres/migrations" : "prisma/migrations";
    // the latest migration that rebuilds the model rollup (issue 23 added the judge's sums, issue 27 more, then judgeLabelledCorrect)
    const migration = readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && readFileSync(path.join(dir, d.name, "migration.sql"), "utf8").includes('DELETE FROM "ModelBucket"'))
      .map((d) => d.name)
      .sort()
      .at(-1)!;
    const text = readFileSync(path.join(dir, migration, "migration.sql"), "utf8");
    for (const statement of modelBackfillSql(engine(), "all")) expect(text).toContain(statement);
    expect(DELTA_COLUMNS.every((c) => text.includes(`"${c}"`))).toBe(true);
  });
});
