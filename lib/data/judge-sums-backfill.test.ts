import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db, engine, pool, sqlite } from "../db";
import { givenFeature } from "../testing/fixtures";
import { ingestEvents } from "../use-cases/ingest";

// The random-sample migration backfills the judge's sums (judged, judgedCorrect, judgeLabelled) of
// the outputs stored before it, and the judge_labelled_correct migration judgeLabelledCorrect: their
// statements, run on rows that ingest counted, give back exactly what ingest counted (random pairs
// are not backfilled: which past outputs were sampled is unknown).

const T0 = Date.parse("2026-10-05T10:00:00Z");

describe("the migration's backfill of the judge's sums", () => {
  it("gives the sums ingest keeps", async () => {
    const f = await givenFeature("judge-backfill", "full");
    const events: object[] = [];
    for (let i = 0; i < 40; i++) {
      const at = T0 + i * 7 * 60_000;
      events.push({ type: "output", feature: "judge-backfill", id: `o${i}`, confidence: 0.5 + i / 100, segment: i % 2 ? "a" : "b", timestamp: at });
      if (i % 4 !== 3) events.push({ type: "label", feature: "judge-backfill", outputId: `o${i}`, source: "heuristic", correct: i % 3 !== 0, timestamp: at + 1 });
      if (i % 5 === 0) events.push({ type: "label", feature: "judge-backfill", outputId: `o${i}`, source: "human", correct: true, timestamp: at + 2 });
    }
    await ingestEvents(events, T0 + 86_400_000);
    const read = async () => ({
      minute: (await db.metricBucket.findMany({ where: { featureId: f.id }, orderBy: [{ minute: "asc" }, { segment: "asc" }] })).map((r) => [r.minute, r.segment, r.judged, r.judgedCorrect, r.judgeLabelled, r.judgeLabelledCorrect]),
      hour: (await db.hourBucket.findMany({ where: { featureId: f.id }, orderBy: [{ hour: "asc" }, { segment: "asc" }] })).map((r) => [r.hour, r.segment, r.judged, r.judgedCorrect, r.judgeLabelled, r.judgeLabelledCorrect]),
    });
    const counted = await read();
    expect(counted.minute.reduce((s, r) => s + Number(r[2]), 0)).toBe(30);
    // judge-alone: i % 4 !== 3 and i % 5 !== 0 (24 outputs); of those the judge said correct: i % 3 !== 0 (16)
    expect(counted.minute.reduce((s, r) => s + Number(r[4]), 0)).toBe(24);
    expect(counted.minute.reduce((s, r) => s + Number(r[5]), 0)).toBe(16);

    const dir = engine() === "postgres" ? "prisma/postgres/migrations" : "prisma/migrations";
    const statements = ["_random_sample_judge_sums", "_judge_labelled_correct"].flatMap((suffix) =>
      readFileSync(path.join(dir, readdirSync(dir).find((d) => d.endsWith(suffix))!, "migration.sql"), "utf8")
        .split(";")
        .map((s) => s.replace(/^(\s*--[^\n]*\n)+/g, "").trim())
        .filter((s) => s.startsWith('UPDATE "MetricBucket"') || s.startsWith('UPDATE "HourBucket"')),
    );
    expect(statements).toHaveLength(4);
    const zero = `SET "judged" = 0, "judgedCorrect" = 0, "judgeLabelled" = 0, "judgeLabelledCorrect" = 0`;
    const reset = [`UPDATE "MetricBucket" ${zero}`, `UPDATE "HourBucket" ${zero}`];
    for (const s of [...reset, ...statements]) {
      if (engine() === "postgres") await pool().query(s);
      else sqlite().exec(s);
    }
    expect(await read()).toEqual(counted);
  });
});
