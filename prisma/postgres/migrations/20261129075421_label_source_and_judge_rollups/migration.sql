-- PostgreSQL twin of prisma/migrations/20261129075421_label_source_and_judge_rollups.
-- CreateTable
CREATE TABLE "SourceBucket" (
    "featureId" TEXT NOT NULL,
    "phase" TEXT NOT NULL,
    "segment" TEXT NOT NULL,
    "hour" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "labelled" INTEGER NOT NULL DEFAULT 0,
    "correct" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "SourceBucket_pkey" PRIMARY KEY ("featureId","hour","phase","segment","source")
);

-- CreateTable
CREATE TABLE "JudgeBucket" (
    "featureId" TEXT NOT NULL,
    "phase" TEXT NOT NULL,
    "segment" TEXT NOT NULL,
    "hour" INTEGER NOT NULL,
    "agreeCorrect" INTEGER NOT NULL DEFAULT 0,
    "agreeWrong" INTEGER NOT NULL DEFAULT 0,
    "judgeSaysWrong" INTEGER NOT NULL DEFAULT 0,
    "judgeSaysCorrect" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "JudgeBucket_pkey" PRIMARY KEY ("featureId","hour","phase","segment")
);

-- Backfill from the stored labels: each labelled output under the source of its effective verdict
-- (ground truth > human > heuristic), and every output labelled by both a human and the judge.
INSERT INTO "SourceBucket" ("featureId", "phase", "segment", "hour", "source", "labelled", "correct")
SELECT o."featureId", o."phase", o."segment", o."minute" - (o."minute" % 60), l."source", COUNT(*), SUM(CASE WHEN l."correct" THEN 1 ELSE 0 END)
FROM "Label" l JOIN "Output" o ON o."id" = l."outputId"
WHERE l."source" = 'ground_truth'
   OR (l."source" = 'human' AND NOT EXISTS (SELECT 1 FROM "Label" g WHERE g."outputId" = l."outputId" AND g."source" = 'ground_truth'))
   OR (l."source" = 'heuristic' AND NOT EXISTS (SELECT 1 FROM "Label" g WHERE g."outputId" = l."outputId" AND g."source" IN ('ground_truth', 'human')))
GROUP BY o."featureId", o."phase", o."segment", o."minute" - (o."minute" % 60), l."source";

INSERT INTO "JudgeBucket" ("featureId", "phase", "segment", "hour", "agreeCorrect", "agreeWrong", "judgeSaysWrong", "judgeSaysCorrect")
SELECT o."featureId", o."phase", o."segment", o."minute" - (o."minute" % 60),
  SUM(CASE WHEN h."correct" AND j."correct" THEN 1 ELSE 0 END),
  SUM(CASE WHEN NOT h."correct" AND NOT j."correct" THEN 1 ELSE 0 END),
  SUM(CASE WHEN h."correct" AND NOT j."correct" THEN 1 ELSE 0 END),
  SUM(CASE WHEN NOT h."correct" AND j."correct" THEN 1 ELSE 0 END)
FROM "Label" h JOIN "Label" j ON j."outputId" = h."outputId" AND j."source" = 'heuristic' JOIN "Output" o ON o."id" = h."outputId"
WHERE h."source" = 'human'
GROUP BY o."featureId", o."phase", o."segment", o."minute" - (o."minute" % 60);
