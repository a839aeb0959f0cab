-- AlterTable
ALTER TABLE "Output" ADD COLUMN     "sampled" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Label" ADD COLUMN     "random" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "MetricBucket" ADD COLUMN     "judgeLabelled" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "judged" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "judgedCorrect" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "randomAgreeCorrect" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "randomAgreeWrong" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "randomJudgeSaysCorrect" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "randomJudgeSaysWrong" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "HourBucket" ADD COLUMN     "judgeLabelled" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "judged" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "judgedCorrect" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "randomAgreeCorrect" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "randomAgreeWrong" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "randomJudgeSaysCorrect" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "randomJudgeSaysWrong" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "ModelBucket" ADD COLUMN     "judgeLabelled" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "judged" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "judgedCorrect" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "randomAgreeCorrect" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "randomAgreeWrong" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "randomJudgeSaysCorrect" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "randomJudgeSaysWrong" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "JudgeBucket" ADD COLUMN     "rc00" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rc01" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rc02" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rc03" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rc04" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rc05" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rc06" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rc07" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rc08" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rc09" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rc10" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rc11" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rc12" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rc13" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rc14" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rc15" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rc16" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rc17" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rc18" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rc19" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rl00" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rl01" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rl02" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rl03" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rl04" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rl05" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rl06" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rl07" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rl08" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rl09" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rl10" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rl11" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rl12" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rl13" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rl14" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rl15" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rl16" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rl17" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rl18" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rl19" INTEGER NOT NULL DEFAULT 0;


-- Backfill (issue 23): the judge's sums of the outputs already stored, so that a label arriving
-- later for one of them moves the sums from what they really are. Random-sample pairs start at
-- zero: which past outputs were sampled was not recorded.

UPDATE "MetricBucket" SET "judged" = s."judged", "judgedCorrect" = s."judgedCorrect", "judgeLabelled" = s."judgeLabelled"
FROM (SELECT "featureId", "phase", "segment", t, COUNT(*) AS "judged", SUM("ok") AS "judgedCorrect", SUM("alone") AS "judgeLabelled"
  FROM (SELECT j.*, j."minute" AS t FROM (SELECT o."featureId", o."phase", o."segment", o."minute", TRIM(o."model") AS "model",
    CASE WHEN h."correct" THEN 1 ELSE 0 END AS "ok",
    CASE WHEN EXISTS (SELECT 1 FROM "Label" p WHERE p."outputId" = o."id" AND p."source" IN ('human', 'ground_truth')) THEN 0 ELSE 1 END AS "alone"
  FROM "Output" o JOIN "Label" h ON h."outputId" = o."id" AND h."source" = 'heuristic') j) x
  GROUP BY "featureId", "phase", "segment", t) s
WHERE "MetricBucket"."featureId" = s."featureId" AND "MetricBucket"."phase" = s."phase" AND "MetricBucket"."segment" = s."segment" AND "MetricBucket"."minute" = s.t;

UPDATE "HourBucket" SET "judged" = s."judged", "judgedCorrect" = s."judgedCorrect", "judgeLabelled" = s."judgeLabelled"
FROM (SELECT "featureId", "phase", "segment", t, COUNT(*) AS "judged", SUM("ok") AS "judgedCorrect", SUM("alone") AS "judgeLabelled"
  FROM (SELECT j.*, (j."minute" - (j."minute" % 60)) AS t FROM (SELECT o."featureId", o."phase", o."segment", o."minute", TRIM(o."model") AS "model",
    CASE WHEN h."correct" THEN 1 ELSE 0 END AS "ok",
    CASE WHEN EXISTS (SELECT 1 FROM "Label" p WHERE p."outputId" = o."id" AND p."source" IN ('human', 'ground_truth')) THEN 0 ELSE 1 END AS "alone"
  FROM "Output" o JOIN "Label" h ON h."outputId" = o."id" AND h."source" = 'heuristic') j) x
  GROUP BY "featureId", "phase", "segment", t) s
WHERE "HourBucket"."featureId" = s."featureId" AND "HourBucket"."phase" = s."phase" AND "HourBucket"."segment" = s."segment" AND "HourBucket"."hour" = s.t;

-- The model rollup rebuilt from the raw rows with its new columns (as lib/data/model-rollup-sql.ts does)
DELETE FROM "ModelBucket";
DELETE FROM "ModelVersion";
INSERT INTO "ModelBucket" ("featureId", "model", "phase", "segment", "hour", "outputs", "shown", "fallbacks", "flagged", "asked", "labelled", "correct", "thumbsUp", "thumbsDown", "tickets", "criticalTickets", "confidenceSum", "labelledConfidenceSum", "judged", "judgedCorrect", "judgeLabelled", "randomAgreeCorrect", "randomAgreeWrong", "randomJudgeSaysWrong", "randomJudgeSaysCorrect", "h00", "l00", "c00", "s00", "h01", "l01", "c01", "s01", "h02", "l02", "c02", "s02", "h03", "l03", "c03", "s03", "h04", "l04", "c04", "s04", "h05", "l05", "c05", "s05", "h06", "l06", "c06", "s06", "h07", "l07", "c07", "s07", "h08", "l08", "c08", "s08", "h09", "l09", "c09", "s09", "h10", "l10", "c10", "s10", "h11", "l11", "c11", "s11", "h12", "l12", "c12", "s12", "h13", "l13", "c13", "s13", "h14", "l14", "c14", "s14", "h15", "l15", "c15", "s15", "h16", "l16", "c16", "s16", "h17", "l17", "c17", "s17", "h18", "l18", "c18", "s18", "h19", "l19", "c19", "s19")
SELECT "featureId", "model", "phase", "segment", "hour", SUM("outputs"), SUM("shown"), SUM("fallbacks"), SUM("flagged"), SUM("asked"), SUM("labelled"), SUM("correct"), SUM("thumbsUp"), SUM("thumbsDown"), SUM("tickets"), SUM("criticalTickets"), SUM("confidenceSum"), SUM("labelledConfidenceSum"), SUM("judged"), SUM("judgedCorrect"), SUM("judgeLabelled"), SUM("randomAgreeCorrect"), SUM("randomAgreeWrong"), SUM("randomJudgeSaysWrong"), SUM("randomJudgeSaysCorrect"), SUM("h00"), SUM("l00"), SUM("c00"), SUM("s00"), SUM("h01"), SUM("l01"), SUM("c01"), SUM("s01"), SUM("h02"), SUM("l02"), SUM("c02"), SUM("s02"), SUM("h03"), SUM("l03"), SUM("c03"), SUM("s03"), SUM("h04"), SUM("l04"), SUM("c04"), SUM("s04"), SUM("h05"), SUM("l05"), SUM("c05"), SUM("s05"), SUM("h06"), SUM("l06"), SUM("c06"), SUM("s06"), SUM("h07"), SUM("l07"), SUM("c07"), SUM("s07"), SUM("h08"), SUM("l08"), SUM("c08"), SUM("s08"), SUM("h09"), SUM("l09"), SUM("c09"), SUM("s09"), SUM("h10"), SUM("l10"), SUM("c10"), SUM("s10"), SUM("h11"), SUM("l11"), SUM("c11"), SUM("s11"), SUM("h12"), SUM("l12"), SUM("c12"), SUM("s12"), SUM("h13"), SUM("l13"), SUM("c13"), SUM("s13"), SUM("h14"), SUM("l14"), SUM("c14"), SUM("s14"), SUM("h15"), SUM("l15"), SUM("c15"), SUM("s15"), SUM("h16"), SUM("l16"), SUM("c16"), SUM("s16"), SUM("h17"), SUM("l17"), SUM("c17"), SUM("s17"), SUM("h18"), SUM("l18"), SUM("c18"), SUM("s18"), SUM("h19"), SUM("l19"), SUM("c19"), SUM("s19")
FROM (SELECT e."featureId", e."model", e."phase", e."segment", (e."minute" - (e."minute" % 60)) AS "hour", 1 AS "outputs", CASE WHEN e."presentation" IN ('plain', 'flagged') THEN 1 ELSE 0 END AS "shown", CASE WHEN e."presentation" NOT IN ('plain', 'flagged') THEN 1 ELSE 0 END AS "fallbacks", CASE WHEN e."presentation" = 'flagged' THEN 1 ELSE 0 END AS "flagged", CASE WHEN e."presentation" = 'asked' THEN 1 ELSE 0 END AS "asked", CASE WHEN e.v IS NOT NULL THEN 1 ELSE 0 END AS "labelled", CASE WHEN e.v IS NOT NULL AND e.v THEN 1 ELSE 0 END AS "correct", CASE WHEN e.thumb = 'up' THEN 1 ELSE 0 END AS "thumbsUp", CASE WHEN e.thumb = 'down' THEN 1 ELSE 0 END AS "thumbsDown", 0 AS "tickets", 0 AS "criticalTickets", e."confidence" AS "confidenceSum", CASE WHEN e.v IS NOT NULL THEN e."confidence" ELSE 0 END AS "labelledConfidenceSum", CASE WHEN e.j IS NOT NULL THEN 1 ELSE 0 END AS "judged", CASE WHEN e.j IS NOT NULL AND e.j THEN 1 ELSE 0 END AS "judgedCorrect", CASE WHEN e.j IS NOT NULL AND e.p IS NULL THEN 1 ELSE 0 END AS "judgeLabelled", CASE WHEN e.j IS NOT NULL AND e.r IS NOT NULL AND e.r AND e.j THEN 1 ELSE 0 END AS "randomAgreeCorrect", CASE WHEN e.j IS NOT NULL AND e.r IS NOT NULL AND NOT e.r AND NOT e.j THEN 1 ELSE 0 END AS "randomAgreeWrong", CASE WHEN e.j IS NOT NULL AND e.r IS NOT NULL AND e.r AND NOT e.j THEN 1 ELSE 0 END AS "randomJudgeSaysWrong", CASE WHEN e.j IS NOT NULL AND e.r IS NOT NULL AND NOT e.r AND e.j THEN 1 ELSE 0 END AS "randomJudgeSaysCorrect", CASE WHEN e.bin = 0 THEN 1 ELSE 0 END AS "h00", CASE WHEN e.bin = 0 AND e.v IS NOT NULL THEN 1 ELSE 0 END AS "l00", CASE WHEN e.bin = 0 AND e.v IS NOT NULL AND e.v THEN 1 ELSE 0 END AS "c00", CASE WHEN e.bin = 0 AND e.v IS NOT NULL THEN e."confidence" ELSE 0 END AS "s00", CASE WHEN e.bin = 1 THEN 1 ELSE 0 END AS "h01", CASE WHEN e.bin = 1 AND e.v IS NOT NULL THEN 1 ELSE 0 END AS "l01", CASE WHEN e.bin = 1 AND e.v IS NOT NULL AND e.v THEN 1 ELSE 0 END AS "c01", CASE WHEN e.bin = 1 AND e.v IS NOT NULL THEN e."confidence" ELSE 0 END AS "s01", CASE WHEN e.bin = 2 THEN 1 ELSE 0 END AS "h02", CASE WHEN e.bin = 2 AND e.v IS NOT NULL THEN 1 ELSE 0 END AS "l02", CASE WHEN e.bin = 2 AND e.v IS NOT NULL AND e.v THEN 1 ELSE 0 END AS "c02", CASE WHEN e.bin = 2 AND e.v IS NOT NULL THEN e."confidence" ELSE 0 END AS "s02", CASE WHEN e.bin = 3 THEN 1 ELSE 0 END AS "h03", CASE WHEN e.bin = 3 AND e.v IS NOT NULL THEN 1 ELSE 0 END AS "l03", CASE WHEN e.bin = 3 AND e.v IS NOT NULL AND e.v THEN 1 ELSE 0 END AS "c03", CASE WHEN e.bin = 3 AND e.v IS NOT NULL THEN e."confidence" ELSE 0 END AS "s03", CASE WHEN e.bin = 4 THEN 1 ELSE 0 END AS "h04", CASE WHEN e.bin = 4 AND e.v IS NOT NULL THEN 1 ELSE 0 END AS "l04", CASE WHEN e.bin = 4 AND e.v IS NOT NULL AND e.v THEN 1 ELSE 0 END AS "c04", CASE WHEN e.bin = 4 AND e.v IS NOT NULL THEN e."confidence" ELSE 0 END AS "s04", CASE WHEN e.bin = 5 THEN 1 ELSE 0 END AS "h05", CASE WHEN e.bin = 5 AND e.v IS NOT NULL THEN 1 ELSE 0 END AS "l05", CASE WHEN e.bin = 5 AND e.v IS NOT NULL AND e.v THEN 1 ELSE 0 END AS "c05", CASE WHEN e.bin = 5 AND e.v IS NOT NULL THEN e."confidence" ELSE 0 END AS "s05", CASE WHEN e.bin = 6 THEN 1 ELSE 0 END AS "h06", CASE WHEN e.bin = 6 AND e.v IS NOT NULL THEN 1 ELSE 0 END AS "l06", CASE WHEN e.bin = 6 AND e.v IS NOT NULL AND e.v THEN 1 ELSE 0 END AS "c06", CASE WHEN e.bin = 6 AND e.v IS NOT NULL THEN e."confidence" ELSE 0 END AS "s06", CASE WHEN e.bin = 7 THEN 1 ELSE 0 END AS "h07", CASE WHEN e.bin = 7 AND e.v IS NOT NULL THEN 1 ELSE 0 END AS "l07", CASE WHEN e.bin = 7 AND e.v IS NOT NULL AND e.v THEN 1 ELSE 0 END AS "c07", CASE WHEN e.bin = 7 AND e.v IS NOT NULL THEN e."confidence" ELSE 0 END AS "s07", CASE WHEN e.bin = 8 THEN 1 ELSE 0 END AS "h08", CASE WHEN e.bin = 8 AND e.v IS NOT NULL THEN 1 ELSE 0 END AS "l08", CASE WHEN e.bin = 8 AND e.v IS NOT NULL AND e.v THEN 1 ELSE 0 END AS "c08", CASE WHEN e.bin = 8 AND e.v IS NOT NULL THEN e."confidence" ELSE 0 END AS "s08", CASE WHEN e.bin = 9 THEN 1 ELSE 0 END AS "h09", CASE WHEN e.bin = 9 AND e.v IS NOT NULL THEN 1 ELSE 0 END AS "l09", CASE WHEN e.bin = 9 AND e.v IS NOT NULL AND e.v THEN 1 ELSE 0 END AS "c09", CASE WHEN e.bin = 9 AND e.v IS NOT NULL THEN e."confidence" ELSE 0 END AS "s09", CASE WHEN e.bin = 10 THEN 1 ELSE 0 END AS "h10", CASE WHEN e.bin = 10 AND e.v IS NOT NULL THEN 1 ELSE 0 END AS "l10", CASE WHEN e.bin = 10 AND e.v IS NOT NULL AND e.v THEN 1 ELSE 0 END AS "c10", CASE WHEN e.bin = 10 AND e.v IS NOT NULL THEN e."confidence" ELSE 0 END AS "s10", CASE WHEN e.bin = 11 THEN 1 ELSE 0 END AS "h11", CASE WHEN e.bin = 11 AND e.v IS NOT NULL THEN 1 ELSE 0 END AS "l11", CASE WHEN e.bin = 11 AND e.v IS NOT NULL AND e.v THEN 1 ELSE 0 END AS "c11", CASE WHEN e.bin = 11 AND e.v IS NOT NULL THEN e."confidence" ELSE 0 END AS "s11", CASE WHEN e.bin = 12 THEN 1 ELSE 0 END AS "h12", CASE WHEN e.bin = 12 AND e.v IS NOT NULL THEN 1 ELSE 0 END AS "l12", CASE WHEN e.bin = 12 AND e.v IS NOT NULL AND e.v THEN 1 ELSE 0 END AS "c12", CASE WHEN e.bin = 12 AND e.v IS NOT NULL THEN e."confidence" ELSE 0 END AS "s12", CASE WHEN e.bin = 13 THEN 1 ELSE 0 END AS "h13", CASE WHEN e.bin = 13 AND e.v IS NOT NULL THEN 1 ELSE 0 END AS "l13", CASE WHEN e.bin = 13 AND e.v IS NOT NULL AND e.v THEN 1 ELSE 0 END AS "c13", CASE WHEN e.bin = 13 AND e.v IS NOT NULL THEN e."confidence" ELSE 0 END AS "s13", CASE WHEN e.bin = 14 THEN 1 ELSE 0 END AS "h14", CASE WHEN e.bin = 14 AND e.v IS NOT NULL THEN 1 ELSE 0 END AS "l14", CASE WHEN e.bin = 14 AND e.v IS NOT NULL AND e.v THEN 1 ELSE 0 END AS "c14", CASE WHEN e.bin = 14 AND e.v IS NOT NULL THEN e."confidence" ELSE 0 END AS "s14", CASE WHEN e.bin = 15 THEN 1 ELSE 0 END AS "h15", CASE WHEN e.bin = 15 AND e.v IS NOT NULL THEN 1 ELSE 0 END AS "l15", CASE WHEN e.bin = 15 AND e.v IS NOT NULL AND e.v THEN 1 ELSE 0 END AS "c15", CASE WHEN e.bin = 15 AND e.v IS NOT NULL THEN e."confidence" ELSE 0 END AS "s15", CASE WHEN e.bin = 16 THEN 1 ELSE 0 END AS "h16", CASE WHEN e.bin = 16 AND e.v IS NOT NULL THEN 1 ELSE 0 END AS "l16", CASE WHEN e.bin = 16 AND e.v IS NOT NULL AND e.v THEN 1 ELSE 0 END AS "c16", CASE WHEN e.bin = 16 AND e.v IS NOT NULL THEN e."confidence" ELSE 0 END AS "s16", CASE WHEN e.bin = 17 THEN 1 ELSE 0 END AS "h17", CASE WHEN e.bin = 17 AND e.v IS NOT NULL THEN 1 ELSE 0 END AS "l17", CASE WHEN e.bin = 17 AND e.v IS NOT NULL AND e.v THEN 1 ELSE 0 END AS "c17", CASE WHEN e.bin = 17 AND e.v IS NOT NULL THEN e."confidence" ELSE 0 END AS "s17", CASE WHEN e.bin = 18 THEN 1 ELSE 0 END AS "h18", CASE WHEN e.bin = 18 AND e.v IS NOT NULL THEN 1 ELSE 0 END AS "l18", CASE WHEN e.bin = 18 AND e.v IS NOT NULL AND e.v THEN 1 ELSE 0 END AS "c18", CASE WHEN e.bin = 18 AND e.v IS NOT NULL THEN e."confidence" ELSE 0 END AS "s18", CASE WHEN e.bin = 19 THEN 1 ELSE 0 END AS "h19", CASE WHEN e.bin = 19 AND e.v IS NOT NULL THEN 1 ELSE 0 END AS "l19", CASE WHEN e.bin = 19 AND e.v IS NOT NULL AND e.v THEN 1 ELSE 0 END AS "c19", CASE WHEN e.bin = 19 AND e.v IS NOT NULL THEN e."confidence" ELSE 0 END AS "s19"
    FROM (SELECT o."featureId", TRIM(o."model") AS "model", o."phase", o."segment", o."minute", o."confidence",
        COALESCE(o."presentation", CASE WHEN o."shown" THEN 'plain' ELSE 'fallback' END) AS "presentation",
        (CASE WHEN CAST(FLOOR(o."confidence" * 20) AS INTEGER) > 19 THEN 19 WHEN CAST(FLOOR(o."confidence" * 20) AS INTEGER) < 0 THEN 0 ELSE CAST(FLOOR(o."confidence" * 20) AS INTEGER) END) AS bin, COALESCE((SELECT l."correct" FROM "Label" l WHERE l."outputId" = o."id" AND l."source" = 'ground_truth'), (SELECT l."correct" FROM "Label" l WHERE l."outputId" = o."id" AND l."source" = 'human'), (SELECT l."correct" FROM "Label" l WHERE l."outputId" = o."id" AND l."source" = 'heuristic')) AS v,
        (SELECT l."correct" FROM "Label" l WHERE l."outputId" = o."id" AND l."source" = 'heuristic') AS j, COALESCE((SELECT l."correct" FROM "Label" l WHERE l."outputId" = o."id" AND l."source" = 'ground_truth'), (SELECT l."correct" FROM "Label" l WHERE l."outputId" = o."id" AND l."source" = 'human')) AS p,
        COALESCE((SELECT l."correct" FROM "Label" l WHERE l."outputId" = o."id" AND l."source" = 'ground_truth' AND (o."sampled" OR l."random")), (SELECT l."correct" FROM "Label" l WHERE l."outputId" = o."id" AND l."source" = 'human' AND (o."sampled" OR l."random"))) AS r,
        (SELECT f."value" FROM "Feedback" f WHERE f."outputId" = o."id") AS thumb
      FROM "Output" o WHERE o."model" IS NOT NULL AND TRIM(o."model") <> '') e
  UNION ALL
  SELECT t."featureId", TRIM(o."model") AS "model", t."phase", t."segment", (t."minute" - (t."minute" % 60)) AS "hour", 0 AS "outputs", 0 AS "shown", 0 AS "fallbacks", 0 AS "flagged", 0 AS "asked", 0 AS "labelled", 0 AS "correct", 0 AS "thumbsUp", 0 AS "thumbsDown", 1 AS "tickets", CASE WHEN t."severity" = 'critical' THEN 1 ELSE 0 END AS "criticalTickets", 0 AS "confidenceSum", 0 AS "labelledConfidenceSum", 0 AS "judged", 0 AS "judgedCorrect", 0 AS "judgeLabelled", 0 AS "randomAgreeCorrect", 0 AS "randomAgreeWrong", 0 AS "randomJudgeSaysWrong", 0 AS "randomJudgeSaysCorrect", 0 AS "h00", 0 AS "l00", 0 AS "c00", 0 AS "s00", 0 AS "h01", 0 AS "l01", 0 AS "c01", 0 AS "s01", 0 AS "h02", 0 AS "l02", 0 AS "c02", 0 AS "s02", 0 AS "h03", 0 AS "l03", 0 AS "c03", 0 AS "s03", 0 AS "h04", 0 AS "l04", 0 AS "c04", 0 AS "s04", 0 AS "h05", 0 AS "l05", 0 AS "c05", 0 AS "s05", 0 AS "h06", 0 AS "l06", 0 AS "c06", 0 AS "s06", 0 AS "h07", 0 AS "l07", 0 AS "c07", 0 AS "s07", 0 AS "h08", 0 AS "l08", 0 AS "c08", 0 AS "s08", 0 AS "h09", 0 AS "l09", 0 AS "c09", 0 AS "s09", 0 AS "h10", 0 AS "l10", 0 AS "c10", 0 AS "s10", 0 AS "h11", 0 AS "l11", 0 AS "c11", 0 AS "s11", 0 AS "h12", 0 AS "l12", 0 AS "c12", 0 AS "s12", 0 AS "h13", 0 AS "l13", 0 AS "c13", 0 AS "s13", 0 AS "h14", 0 AS "l14", 0 AS "c14", 0 AS "s14", 0 AS "h15", 0 AS "l15", 0 AS "c15", 0 AS "s15", 0 AS "h16", 0 AS "l16", 0 AS "c16", 0 AS "s16", 0 AS "h17", 0 AS "l17", 0 AS "c17", 0 AS "s17", 0 AS "h18", 0 AS "l18", 0 AS "c18", 0 AS "s18", 0 AS "h19", 0 AS "l19", 0 AS "c19", 0 AS "s19"
    FROM "TicketMention" t JOIN "Output" o ON o."id" = t."outputId" AND o."receivedAt" <= t."receivedAt"
    WHERE o."model" IS NOT NULL AND TRIM(o."model") <> '') r
GROUP BY "featureId", "model", "phase", "segment", "hour";

INSERT INTO "ModelVersion" ("featureId", "model", "minute", "phase")
SELECT f."featureId", f."model", f."minute", MIN(o."phase")
FROM (SELECT o."featureId", TRIM(o."model") AS "model", MIN(o."minute") AS "minute" FROM "Output" o
      WHERE o."model" IS NOT NULL AND TRIM(o."model") <> '' GROUP BY o."featureId", TRIM(o."model")) f
  JOIN "Output" o ON o."featureId" = f."featureId" AND TRIM(o."model") = f."model" AND o."minute" = f."minute"
GROUP BY f."featureId", f."model", f."minute";
