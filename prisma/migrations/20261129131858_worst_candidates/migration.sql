-- CreateTable
CREATE TABLE "WorstCandidate" (
    "outputId" TEXT NOT NULL PRIMARY KEY,
    "featureId" TEXT NOT NULL,
    "at" BIGINT NOT NULL,
    "score" INTEGER NOT NULL,
    "confidence" REAL NOT NULL,
    "groupKey" TEXT NOT NULL,
    "phase" TEXT NOT NULL,
    "segment" TEXT NOT NULL,
    "unit" TEXT
);

-- CreateIndex
CREATE INDEX "WorstCandidate_featureId_score_confidence_at_outputId_groupKey_idx" ON "WorstCandidate"("featureId", "score", "confidence", "at", "outputId", "groupKey");

-- CreateIndex
CREATE INDEX "WorstCandidate_featureId_groupKey_at_idx" ON "WorstCandidate"("featureId", "groupKey", "at");


-- Backfill: the badness score and the failure-group key are computed by TypeScript
-- (lib/domain/worst-candidate.ts), so the rows of the existing history are written right after the
-- migrations (scripts/lib/database.ts migrateDatabase → lib/data/worst-candidates.ts) while this
-- marker is set; the backfill deletes it when done.
INSERT INTO "Setting" ("key", "value") VALUES ('backfill:WorstCandidate', 'pending') ON CONFLICT DO NOTHING;
