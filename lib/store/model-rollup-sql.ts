import { binSuffix, CONFIDENCE_BINS } from "../domain/buckets";
import { LATENCY_BOUNDS_MS, latencyColumn, USAGE_FLOAT_COLUMNS } from "../domain/latency";
import { DELTA_COLUMNS } from "../domain/rollup";
import type { Engine } from "../db";

// The SQL of the model rollup (ModelBucket, ModelVersion), in one place: what ingest upserts, and
// the rebuild from raw rows that the migration runs for existing history and the benchmark's
// generator runs after writing raw rows. The rebuild counts exactly what ingest counts: each output
// under its model, its effective verdict (ground truth > human > heuristic) and its thumb at the
// output's hour, phase and segment, tickets linked to an output at the ticket's hour, phase and
// segment (as TicketMention stores them) when the output was stored by then (ingest links a ticket
// to an output it already has). Outputs without a model are left out.

const q = (name: string) => `"${name}"`;

export const MODEL_KEYS = ["featureId", "model", "phase", "segment", "hour"] as const;
export const VERSION_COLUMNS = ["featureId", "model", "minute", "phase"] as const;

const deltaType = (c: string) =>
  /^s\d\d$/.test(c) || c === "confidenceSum" || c === "labelledConfidenceSum" || USAGE_FLOAT_COLUMNS.includes(c) ? "float8" : "int4";

/**
 * The upserts of ingest on PostgreSQL, one statement per batch (unnest of typed arrays): the model
 * rows of the transaction's rollup shard (lib/store/postgres/rollup-writer.ts); a model's first
 * sighting inserted, or moved earlier by an UPDATE that locks the row only when it does move it
 * (ON CONFLICT DO UPDATE … WHERE would lock it for every batch of the model until commit).
 */
export const pgBumpModelSql = `INSERT INTO "ModelBucket" (${[...MODEL_KEYS, "shard", ...DELTA_COLUMNS].map(q).join(", ")})
  SELECT * FROM unnest(${[...MODEL_KEYS.map((k) => (k === "hour" ? "int4" : "text")), "int4", ...DELTA_COLUMNS.map(deltaType)]
    .map((t, i) => `$${i + 1}::${t}[]`)
    .join(", ")})
  ON CONFLICT (${[...MODEL_KEYS, "shard"].map(q).join(", ")}) DO UPDATE SET ${DELTA_COLUMNS.map((c) => `${q(c)} = "ModelBucket".${q(c)} + excluded.${q(c)}`).join(", ")}`;
export const pgFirstSeenSql = `INSERT INTO "ModelVersion" ("featureId", "model", "minute", "phase")
  SELECT * FROM unnest($1::text[], $2::text[], $3::int4[], $4::text[]) ON CONFLICT ("featureId", "model") DO NOTHING`;
export const pgEarlierSeenSql = `UPDATE "ModelVersion" v SET "minute" = u."minute", "phase" = u."phase"
  FROM unnest($1::text[], $2::text[], $3::int4[], $4::text[]) AS u("featureId", "model", "minute", "phase")
  WHERE v."featureId" = u."featureId" AND v."model" = u."model" AND u."minute" < v."minute"`;

/**
 * INSERT … SELECT statements that fill ModelBucket and ModelVersion from the raw rows, of one
 * feature (`:featureId` left as a placeholder: `?` on SQLite, `$1` on PostgreSQL) or of all.
 * The target rows must be empty (the rebuild deletes them first; the migration creates the tables).
 */
export function modelBackfillSql(engine: Engine, scope: "feature" | "all"): string[] {
  const param = engine === "postgres" ? "$1" : "?";
  const only = (alias: string) => (scope === "feature" ? ` AND ${alias}."featureId" = ${param}` : "");
  const hour = (minute: string) => `(${minute} - (${minute} % 60))`;
  // floor(confidence × 20) as JS computes it, kept within 0..19 (confidenceBin)
  const rawBin =
    engine === "postgres"
      ? `CAST(FLOOR(o."confidence" * ${CONFIDENCE_BINS}) AS INTEGER)`
      : `CAST(o."confidence" * ${CONFIDENCE_BINS} AS INTEGER)`;
  const bin = `(CASE WHEN ${rawBin} > ${CONFIDENCE_BINS - 1} THEN ${CONFIDENCE_BINS - 1} WHEN ${rawBin} < 0 THEN 0 ELSE ${rawBin} END)`;
  const verdict = (source: string) => `(SELECT l."correct" FROM "Label" l WHERE l."outputId" = o."id" AND l."source" = '${source}')`;
  const one = (cond: string) => `CASE WHEN ${cond} THEN 1 ELSE 0 END`;
  const bins = Array.from({ length: CONFIDENCE_BINS }, (_, i) => i);
  const isTrue = (v: string) => (engine === "postgres" ? `${v}` : `${v} = 1`);
  // a person's verdict from the random sample: the output sampled at ingest, or the label sent as random
  const randomVerdict = (source: string) =>
    `(SELECT l."correct" FROM "Label" l WHERE l."outputId" = o."id" AND l."source" = '${source}' AND (${isTrue(`o."sampled"`)} OR ${isTrue(`l."random"`)}))`;

  // per output: its counters and bins (e.v: the effective verdict, NULL when unlabelled)
  const outputCols: Record<string, string> = {
    outputs: "1",
    shown: one(`e."presentation" IN ('plain', 'flagged')`),
    fallbacks: one(`e."presentation" NOT IN ('plain', 'flagged')`),
    flagged: one(`e."presentation" = 'flagged'`),
    asked: one(`e."presentation" = 'asked'`),
    labelled: one(`e.v IS NOT NULL`),
    correct: one(`e.v IS NOT NULL AND ${isTrue("e.v")}`),
    thumbsUp: one(`e.thumb = 'up'`),
    thumbsDown: one(`e.thumb = 'down'`),
    tickets: "0",
    criticalTickets: "0",
    // an output without a confidence (NULL) has no bin and counts in noConfidence instead
    confidenceSum: `COALESCE(e."confidence", 0)`,
    labelledConfidenceSum: `CASE WHEN e.v IS NOT NULL THEN COALESCE(e."confidence", 0) ELSE 0 END`,
    noConfidence: one(`e."confidence" IS NULL`),
    labelledNoConfidence: one(`e."confidence" IS NULL AND e.v IS NOT NULL`),
  };
  // the judge's sums: e.j the judge's verdict, e.r the random-sample person verdict (NULL: none)
  outputCols.judged = one(`e.j IS NOT NULL`);
  outputCols.judgedCorrect = one(`e.j IS NOT NULL AND ${isTrue("e.j")}`);
  outputCols.judgeLabelled = one(`e.j IS NOT NULL AND e.p IS NULL`);
  outputCols.judgeLabelledCorrect = one(`e.j IS NOT NULL AND e.p IS NULL AND ${isTrue("e.j")}`);
  const cell = (r: boolean, j: boolean) =>
    one(`e.j IS NOT NULL AND e.r IS NOT NULL AND ${r ? "" : "NOT "}${isTrue("e.r")} AND ${j ? "" : "NOT "}${isTrue("e.j")}`);
  outputCols.randomAgreeCorrect = cell(true, true);
  outputCols.randomAgreeWrong = cell(false, false);
  outputCols.randomJudgeSaysWrong = cell(true, false);
  outputCols.randomJudgeSaysCorrect = cell(false, true);
  for (const i of bins) {
    const s = binSuffix(i);
    outputCols[`h${s}`] = one(`e.bin = ${i}`);
    outputCols[`l${s}`] = one(`e.bin = ${i} AND e.v IS NOT NULL`);
    outputCols[`c${s}`] = one(`e.bin = ${i} AND e.v IS NOT NULL AND ${isTrue("e.v")}`);
    outputCols[`s${s}`] = `CASE WHEN e.bin = ${i} AND e.v IS NOT NULL THEN e."confidence" ELSE 0 END`;
  }
  // latency and tokens (lib/domain/latency.ts): the bucket of a duration by the same bounds as usageDelta
  outputCols.timed = one(`e."durationMs" IS NOT NULL`);
  outputCols.durationSum = `COALESCE(e."durationMs", 0)`;
  outputCols.metered = one(`e."inputTokens" IS NOT NULL OR e."outputTokens" IS NOT NULL`);
  outputCols.inputTokenSum = `COALESCE(e."inputTokens", 0)`;
  outputCols.outputTokenSum = `COALESCE(e."outputTokens", 0)`;
  const dbin = `(CASE ${LATENCY_BOUNDS_MS.map((b, i) => `WHEN e."durationMs" <= ${b} THEN ${i}`).join(" ")} ELSE ${LATENCY_BOUNDS_MS.length} END)`;
  for (let i = 0; i <= LATENCY_BOUNDS_MS.length; i++) outputCols[latencyColumn(i)] = one(`e."durationMs" IS NOT NULL AND ${dbin} = ${i}`);
  const ticketCols: Record<string, string> = Object.fromEntries(DELTA_COLUMNS.map((c) => [c, "0"]));
  ticketCols.tickets = "1";
  ticketCols.criticalTickets = one(`t."severity" = 'critical'`);

  const cols = DELTA_COLUMNS.map(q).join(", ");
  const outputs = `SELECT e."featureId", e."model", e."phase", e."segment", ${hour(`e."minute"`)} AS "hour", ${DELTA_COLUMNS.map((c) => `${outputCols[c]} AS ${q(c)}`).join(", ")}
    FROM (SELECT o."featureId", TRIM(o."model") AS "model", o."phase", o."segment", o."minute", o."confidence",
        o."durationMs", o."inputTokens", o."outputTokens",
        COALESCE(o."presentation", CASE WHEN o."shown" THEN 'plain' ELSE 'fallback' END) AS "presentation",
        ${bin} AS bin, COALESCE(${verdict("ground_truth")}, ${verdict("human")}, ${verdict("heuristic")}) AS v,
        ${verdict("heuristic")} AS j, COALESCE(${verdict("ground_truth")}, ${verdict("human")}) AS p,
        COALESCE(${randomVerdict("ground_truth")}, ${randomVerdict("human")}) AS r,
        (SELECT f."value" FROM "Feedback" f WHERE f."outputId" = o."id") AS thumb
      FROM "Output" o WHERE o."model" IS NOT NULL AND TRIM(o."model") <> ''${only("o")}) e`;
  const tickets = `SELECT t."featureId", TRIM(o."model") AS "model", t."phase", t."segment", ${hour(`t."minute"`)} AS "hour", ${DELTA_COLUMNS.map((c) => `${ticketCols[c]} AS ${q(c)}`).join(", ")}
    FROM "TicketMention" t JOIN "Output" o ON o."id" = t."outputId" AND o."receivedAt" <= t."receivedAt"
    WHERE o."model" IS NOT NULL AND TRIM(o."model") <> ''${only("t")}`;
  const buckets = `INSERT INTO "ModelBucket" (${MODEL_KEYS.map(q).join(", ")}, ${cols})
SELECT "featureId", "model", "phase", "segment", "hour", ${DELTA_COLUMNS.map((c) => `SUM(${q(c)})`).join(", ")}
FROM (${outputs}
  UNION ALL
  ${tickets}) r
GROUP BY "featureId", "model", "phase", "segment", "hour"`;
  // the earliest output of each model; of several in its first minute, the phase first in key order
  const versions = `INSERT INTO "ModelVersion" ("featureId", "model", "minute", "phase")
SELECT f."featureId", f."model", f."minute", MIN(o."phase")
FROM (SELECT o."featureId", TRIM(o."model") AS "model", MIN(o."minute") AS "minute" FROM "Output" o
      WHERE o."model" IS NOT NULL AND TRIM(o."model") <> ''${only("o")} GROUP BY o."featureId", TRIM(o."model")) f
  JOIN "Output" o ON o."featureId" = f."featureId" AND TRIM(o."model") = f."model" AND o."minute" = f."minute"
GROUP BY f."featureId", f."model", f."minute"`;
  return [buckets, versions];
}
