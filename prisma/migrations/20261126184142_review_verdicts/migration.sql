-- CreateTable
CREATE TABLE "ReviewVerdict" (
    "outputId" TEXT NOT NULL PRIMARY KEY,
    "featureId" TEXT NOT NULL,
    "at" BIGINT NOT NULL,
    "waitMs" BIGINT NOT NULL
);

-- CreateIndex
CREATE INDEX "ReviewVerdict_featureId_at_idx" ON "ReviewVerdict"("featureId", "at");


-- Backfill: the latest human verdict of every output flagged for review (driven from the flagged
-- outputs through the (featureId, review, at) index, not from the whole label table).
INSERT INTO "ReviewVerdict" ("outputId", "featureId", "at", "waitMs")
SELECT l."outputId", l."featureId", l."at", MAX(0, l."at" - o."at")
FROM "Output" o JOIN "Label" l ON l."outputId" = o."id" AND l."source" = 'human'
WHERE o."featureId" IN (SELECT "id" FROM "Feature") AND o."review" = 1;
