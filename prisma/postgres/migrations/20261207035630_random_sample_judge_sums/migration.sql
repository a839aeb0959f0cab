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

UPDATE "ModelBucket" SET "judged" = s."judged", "judgedCorrect" = s."judgedCorrect", "judgeLabelled" = s."judgeLabelled"
FROM (SELECT "featureId", "phase", "segment", "model", t, COUNT(*) AS "judged", SUM("ok") AS "judgedCorrect", SUM("alone") AS "judgeLabelled"
  FROM (SELECT j.*, (j."minute" - (j."minute" % 60)) AS t FROM (SELECT o."featureId", o."phase", o."segment", o."minute", TRIM(o."model") AS "model",
    CASE WHEN h."correct" THEN 1 ELSE 0 END AS "ok",
    CASE WHEN EXISTS (SELECT 1 FROM "Label" p WHERE p."outputId" = o."id" AND p."source" IN ('human', 'ground_truth')) THEN 0 ELSE 1 END AS "alone"
  FROM "Output" o JOIN "Label" h ON h."outputId" = o."id" AND h."source" = 'heuristic') j) x
  GROUP BY "featureId", "phase", "segment", "model", t) s
WHERE "ModelBucket"."featureId" = s."featureId" AND "ModelBucket"."phase" = s."phase" AND "ModelBucket"."segment" = s."segment" AND "ModelBucket"."hour" = s.t AND "ModelBucket"."model" = s."model";
