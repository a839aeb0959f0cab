-- CreateTable
CREATE TABLE "ReviewDecision" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "featureId" TEXT NOT NULL,
    "outputId" TEXT NOT NULL,
    "reviewer" TEXT NOT NULL,
    "verdict" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "at" BIGINT NOT NULL,
    "before" TEXT NOT NULL,
    "undoneAt" BIGINT
);

-- CreateTable
CREATE TABLE "ReviewSetAside" (
    "outputId" TEXT NOT NULL PRIMARY KEY,
    "featureId" TEXT NOT NULL,
    "at" BIGINT NOT NULL,
    "reason" TEXT NOT NULL,
    "setAsideBy" TEXT NOT NULL,
    "setAsideAt" BIGINT NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ReviewPending" (
    "outputId" TEXT NOT NULL PRIMARY KEY,
    "featureId" TEXT NOT NULL,
    "at" BIGINT NOT NULL,
    "phase" TEXT NOT NULL DEFAULT '',
    "segment" TEXT NOT NULL DEFAULT '',
    "inputType" TEXT,
    "confidence" REAL NOT NULL DEFAULT 0,
    "flags" INTEGER NOT NULL DEFAULT 0,
    "priority" BIGINT NOT NULL DEFAULT 0
);
-- Backfill: the output's slice and confidence, and the reasons known today (lib/domain/queue-priority.ts:
-- 2 sampled/flagged, 4 judge says wrong, 8 confident, 16 thumbs down, 32 ticket, 64 critical ticket).
INSERT INTO "new_ReviewPending" ("at", "featureId", "outputId", "phase", "segment", "inputType", "confidence", "flags")
SELECT p."at", p."featureId", p."outputId", o."phase", o."segment", o."inputType", o."confidence",
  2
  | (CASE WHEN o."confidence" >= 0.9 THEN 8 ELSE 0 END)
  | (CASE WHEN EXISTS (SELECT 1 FROM "Label" l WHERE l."outputId" = p."outputId" AND l."source" = 'heuristic' AND l."correct" = 0) THEN 4 ELSE 0 END)
  | (CASE WHEN EXISTS (SELECT 1 FROM "Feedback" f WHERE f."outputId" = p."outputId" AND f."value" = 'down') THEN 16 ELSE 0 END)
  | (CASE WHEN EXISTS (SELECT 1 FROM "TicketMention" t WHERE t."outputId" = p."outputId") THEN 32 ELSE 0 END)
  | (CASE WHEN EXISTS (SELECT 1 FROM "TicketMention" t WHERE t."outputId" = p."outputId" AND t."severity" = 'critical') THEN 64 ELSE 0 END)
FROM "ReviewPending" p JOIN "Output" o ON o."id" = p."outputId";
UPDATE "new_ReviewPending" SET "priority" = "at" + 3600000 * MIN(24,
  (CASE WHEN "flags" & 8 THEN 3 ELSE 0 END) + (CASE WHEN "flags" & 4 THEN 12 ELSE 0 END) + (CASE WHEN "flags" & 16 THEN 12 ELSE 0 END)
  + (CASE WHEN "flags" & 32 THEN 12 ELSE 0 END) + (CASE WHEN "flags" & 64 THEN 12 ELSE 0 END) + (CASE WHEN ("flags" & 12) = 12 THEN 6 ELSE 0 END));
DROP TABLE "ReviewPending";
ALTER TABLE "new_ReviewPending" RENAME TO "ReviewPending";
CREATE INDEX "ReviewPending_featureId_at_idx" ON "ReviewPending"("featureId", "at");
CREATE INDEX "ReviewPending_featureId_phase_priority_idx" ON "ReviewPending"("featureId", "phase", "priority");
CREATE INDEX "ReviewPending_featureId_priority_idx" ON "ReviewPending"("featureId", "priority");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ReviewDecision_featureId_reviewer_id_idx" ON "ReviewDecision"("featureId", "reviewer", "id");

-- CreateIndex
CREATE INDEX "ReviewDecision_featureId_at_idx" ON "ReviewDecision"("featureId", "at");

-- CreateIndex
CREATE INDEX "ReviewSetAside_featureId_setAsideAt_idx" ON "ReviewSetAside"("featureId", "setAsideAt");

