-- CreateTable
CREATE TABLE "ReviewPending" (
    "outputId" TEXT NOT NULL PRIMARY KEY,
    "featureId" TEXT NOT NULL,
    "at" BIGINT NOT NULL
);

-- CreateIndex
CREATE INDEX "ReviewPending_featureId_at_idx" ON "ReviewPending"("featureId", "at");


-- Backfill: every flagged output without a human or ground-truth label.
INSERT INTO "ReviewPending" ("outputId", "featureId", "at")
SELECT o."id", o."featureId", o."at" FROM "Output" o
WHERE o."featureId" IN (SELECT "id" FROM "Feature") AND o."review" = 1
  AND NOT EXISTS (SELECT 1 FROM "Label" l WHERE l."outputId" = o."id" AND l."source" IN ('human', 'ground_truth'));
