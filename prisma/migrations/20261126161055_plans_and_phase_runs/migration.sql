-- CreateTable
CREATE TABLE "PhaseRun" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "featureId" TEXT NOT NULL,
    "phaseKey" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "endedAt" DATETIME,
    "outcome" TEXT,
    "startedBy" TEXT NOT NULL DEFAULT 'system',
    CONSTRAINT "PhaseRun_featureId_fkey" FOREIGN KEY ("featureId") REFERENCES "Feature" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Phase" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "featureId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "audiencePercent" REAL NOT NULL,
    "segments" TEXT NOT NULL DEFAULT '[]',
    "confidenceThreshold" REAL NOT NULL,
    "reviewRate" REAL NOT NULL DEFAULT 0,
    "rateLimitPerMinute" INTEGER,
    "minDurationDays" INTEGER NOT NULL DEFAULT 0,
    "successCriteria" TEXT NOT NULL DEFAULT '{}',
    "expertReview" TEXT NOT NULL DEFAULT '',
    "educationalOnly" BOOLEAN NOT NULL DEFAULT false,
    "rationale" TEXT NOT NULL DEFAULT '',
    "startedAt" DATETIME,
    "endedAt" DATETIME,
    CONSTRAINT "Phase_featureId_fkey" FOREIGN KEY ("featureId") REFERENCES "Feature" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Phase" ("audiencePercent", "confidenceThreshold", "endedAt", "featureId", "id", "key", "minDurationDays", "name", "position", "rateLimitPerMinute", "reviewRate", "segments", "startedAt", "successCriteria") SELECT "audiencePercent", "confidenceThreshold", "endedAt", "featureId", "id", "key", "minDurationDays", "name", "position", "rateLimitPerMinute", "reviewRate", "segments", "startedAt", "successCriteria" FROM "Phase";
DROP TABLE "Phase";
ALTER TABLE "new_Phase" RENAME TO "Phase";
CREATE UNIQUE INDEX "Phase_featureId_key_key" ON "Phase"("featureId", "key");
CREATE UNIQUE INDEX "Phase_featureId_position_key" ON "Phase"("featureId", "position");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "PhaseRun_featureId_startedAt_idx" ON "PhaseRun"("featureId", "startedAt");


-- Backfill: the current phase of every existing feature is its first run.
INSERT INTO "PhaseRun" ("featureId", "phaseKey", "startedAt", "startedBy")
SELECT "Phase"."featureId", "Phase"."key", "Phase"."startedAt", 'system'
FROM "Phase" JOIN "Feature" ON "Feature"."currentPhaseId" = "Phase"."id"
WHERE "Phase"."startedAt" IS NOT NULL;
