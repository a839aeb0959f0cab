import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { db } from "../db";
import { binSuffix, confidenceBin } from "../domain/buckets";
import { planIngest } from "../domain/ingest-plan";
import { JUDGE_SUM_COLUMNS, RANDOM_BIN_COLUMNS, randomVerdict } from "../domain/rollup";
import { planVerdictRevert, type VerdictBefore } from "../domain/verdict-revert";
import type { IngestEvent } from "../schemas/events";
import { givenFeature } from "../testing/fixtures";
import { batchOf, batchesOf, T0 } from "../testing/ingest-arbitraries";
import { IngestModel } from "../testing/ingest-model";
import { ingestEvents, revertHumanVerdict, verdictBefore } from "./ingest";

// One set of rules, whichever engine writes them: random batches (resends, late labels, verdict
// flips, thumbs changed, tickets and samples resent) and an undone queue verdict go through
// ingest on this run's database — SQLite, or PostgreSQL when TEST_DATABASE_URL is set — and
// through the planner into an in-memory store. Every stored row and every rollup row must match.

const NOW = T0 + 86_400_000;
const num = (v: unknown) => (typeof v === "bigint" ? Number(v) : v);
const plain = (r: object) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, num(v)]));
const byKey = <T extends object>(rows: T[], key: (r: T) => string) => Object.fromEntries(rows.map((r) => [key(r), plain(r)]));
const round = (v: number) => Math.round(v * 1e9) / 1e9;

/** A rollup table as key → non-zero counters (the model's shape). */
function sums(rows: object[], keys: string[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const row of rows as Record<string, unknown>[]) {
    const counters: Record<string, number> = {};
    for (const [c, v] of Object.entries(row)) if (!keys.includes(c) && Math.abs(Number(v)) > 1e-9) counters[c] = round(Number(v));
    if (Object.keys(counters).length > 0) out[keys.map((k) => num(row[k])).join("|")] = counters;
  }
  return out;
}
const modelSums = (m: Map<string, Record<string, number>>) =>
  Object.fromEntries([...m].map(([k, d]) => [k, Object.fromEntries(Object.entries(d).map(([c, v]) => [c, round(v)]))]));

async function expectSameRows(featureId: string, model: IngestModel) {
  const where = { where: { featureId } };
  const omitFeature = <T extends { featureId?: string }>(rows: T[]) => rows.map(({ featureId: _, ...r }) => r);
  expect(byKey(omitFeature(await db.output.findMany(where)), (r) => r.id)).toEqual(
    byKey(omitFeature([...model.outputs.values()]), (r) => r.id),
  );
  expect(byKey(omitFeature(await db.label.findMany(where)), (r) => `${r.outputId}|${r.source}`)).toEqual(
    byKey(omitFeature([...model.labels.values()]), (r) => `${r.outputId}|${r.source}`),
  );
  expect(byKey(omitFeature(await db.feedback.findMany(where)), (r) => r.outputId)).toEqual(
    byKey(omitFeature([...model.feedback.values()]), (r) => r.outputId),
  );
  expect(byKey(omitFeature(await db.ticketMention.findMany(where)), (r) => r.id)).toEqual(
    byKey(omitFeature([...model.tickets.values()]), (r) => r.id),
  );
  expect(byKey(omitFeature(await db.accuracySample.findMany(where)), (r) => r.id)).toEqual(
    byKey(omitFeature([...model.samples.values()]), (r) => r.id),
  );
  expect(byKey(omitFeature(await db.reviewPending.findMany(where)), (r) => r.outputId)).toEqual(
    byKey(omitFeature([...model.pending.values()]), (r) => r.outputId),
  );
  expect(byKey(omitFeature(await db.reviewVerdict.findMany(where)), (r) => r.outputId)).toEqual(
    byKey(omitFeature([...model.verdicts.values()]), (r) => r.outputId),
  );

  const r = model.rollups;
  expect(sums(await db.metricBucket.findMany(where), ["featureId", "phase", "segment", "minute"])).toEqual(modelSums(r.minute));
  expect(sums(await db.hourBucket.findMany(where), ["featureId", "phase", "segment", "hour"])).toEqual(modelSums(r.hour));
  expect(sums(await db.sliceBucket.findMany(where), ["featureId", "phase", "segment", "inputType", "hour"])).toEqual(modelSums(r.slice));
  expect(sums(await db.sourceBucket.findMany(where), ["featureId", "phase", "segment", "hour", "source"])).toEqual(modelSums(r.source));
  expect(sums(await db.judgeBucket.findMany(where), ["featureId", "phase", "segment", "hour"])).toEqual(modelSums(r.judge));
  expect(sums(await db.modelBucket.findMany(where), ["featureId", "model", "phase", "segment", "hour"])).toEqual(modelSums(r.model));
  const versions = await db.modelVersion.findMany(where);
  expect(Object.fromEntries(versions.map((v) => [`${v.featureId}|${v.model}`, { minute: num(v.minute), phase: v.phase }]))).toEqual(
    Object.fromEntries(model.firstSeen),
  );
}

/**
 * The judge's sums and the random calibration bins, as the rollups keep them after any sequence of
 * labels, flips and undos, equal a count over the stored outputs and labels: any slice and range
 * adds up to what its rows say.
 */
function expectJudgeSumsOfRows(model: IngestModel) {
  const minute: Record<string, Record<string, number>> = {};
  const hour: Record<string, Record<string, number>> = {};
  const bump = (table: Record<string, Record<string, number>>, key: string, column: string) => {
    const row = (table[key] ??= {});
    row[column] = (row[column] ?? 0) + 1;
  };
  for (const o of model.outputs.values()) {
    const v = model.verdictsOf(o.id);
    const r = randomVerdict(v, model.randomFlagsOf(o.id));
    const key = [o.featureId, o.phase, o.segment, o.minute].join("|");
    const hourKey = [o.featureId, o.phase, o.segment, o.minute - (o.minute % 60)].join("|");
    if (r !== undefined && o.confidence !== null) {
      const bin = binSuffix(confidenceBin(o.confidence));
      bump(hour, hourKey, `rl${bin}`);
      if (r) bump(hour, hourKey, `rc${bin}`);
    }
    if (v.heuristic === undefined) continue;
    bump(minute, key, "judged");
    if (v.heuristic) bump(minute, key, "judgedCorrect");
    if (v.human === undefined && v.ground_truth === undefined) {
      bump(minute, key, "judgeLabelled");
      if (v.heuristic) bump(minute, key, "judgeLabelledCorrect");
    }
    if (r !== undefined)
      bump(
        minute,
        key,
        r === v.heuristic ? (r ? "randomAgreeCorrect" : "randomAgreeWrong") : r ? "randomJudgeSaysWrong" : "randomJudgeSaysCorrect",
      );
  }
  const only = (sums: Map<string, Record<string, number>>, columns: readonly string[]) => {
    const out: Record<string, Record<string, number>> = {};
    for (const [k, row] of sums) {
      const kept = Object.fromEntries(Object.entries(row).filter(([c]) => columns.includes(c)));
      if (Object.keys(kept).length > 0) out[k] = kept;
    }
    return out;
  };
  expect(only(model.rollups.minute, JUDGE_SUM_COLUMNS)).toEqual(minute);
  expect(only(model.rollups.judge, RANDOM_BIN_COLUMNS)).toEqual(hour);
}

/** What the model says a queue verdict on `id` replaces (the engine's verdictBefore must agree). */
function modelBefore(model: IngestModel, id: string): VerdictBefore {
  const h = model.labels.get(`${id}\u0000human`);
  const v = model.verdicts.get(id);
  return {
    human: h ? { correct: h.correct, reviewer: h.reviewer, at: h.at, receivedAt: h.receivedAt, random: h.random } : null,
    pending: model.pending.get(id) ?? null,
    verdict: v ? { at: v.at, waitMs: v.waitMs } : null,
  };
}

describe("the ingest planner and this engine", () => {
  it("store the same rows and rollups for random batches, an undone queue verdict included", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(batchesOf("x", { maxBatches: 6, maxEvents: 14 }), fc.boolean(), async (drawn, undoCorrect) => {
        const key = `plan-${run++}`;
        const feature = await givenFeature(key, "beta");
        const model = new IngestModel();
        const send = async (events: IngestEvent[], now: number) => {
          const result = await ingestEvents(events, now);
          const batch = batchOf(events, feature);
          const plan = planIngest(batch, now, model.stateFor(batch));
          model.apply(plan);
          expect(result).toEqual({
            accepted: plan.accepted,
            duplicates: plan.duplicates,
            rejected: [...plan.rejected].sort((a, b) => a.index - b.index),
          });
        };
        for (const events of drawn)
          await send(
            events.map((e) => ({ ...e, feature: key })),
            NOW,
          );

        // a reviewer's verdict from the queue, then undone (lib/data/review-queue.ts does both so)
        const waiting = [...model.pending.keys()].sort()[0];
        if (waiting) {
          const before = await verdictBefore(waiting);
          expect(before).toEqual(modelBefore(model, waiting));
          const clientId = model.outputs.get(waiting)!.clientId;
          await send(
            [
              {
                type: "label",
                feature: key,
                outputId: clientId,
                correct: undoCorrect,
                source: "human",
                sample: "targeted",
                reviewer: "ana",
                timestamp: NOW,
              },
            ],
            NOW + 1000,
          );
          const plan = planVerdictRevert(
            model.output(waiting),
            model.verdictsOf(waiting),
            undoCorrect,
            before,
            model.randomFlagsOf(waiting),
          );
          expect(await revertHumanVerdict(waiting, undoCorrect, before)).toBe(plan !== null);
          if (plan) model.apply(plan);
        }
        await expectSameRows(feature.id, model);
        expectJudgeSumsOfRows(model);
      }),
      { numRuns: 12 },
    );
  }, 180_000);
});
