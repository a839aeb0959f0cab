-- PostgreSQL twin of prisma/migrations/20261129074046_review_queue_priority.
-- CreateTable
CREATE TABLE "ReviewDecision" (
    "id" SERIAL NOT NULL,
    "featureId" TEXT NOT NULL,
    "outputId" TEXT NOT NULL,
    "reviewer" TEXT NOT NULL,
    "verdict" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "at" BIGINT NOT NULL,
    "before" TEXT NOT NULL,
    "undoneAt" BIGINT,

    CONSTRAINT "ReviewDecision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReviewSetAside" (
    "outputId" TEXT NOT NULL,
    "featureId" TEXT NOT NULL,
    "at" BIGINT NOT NULL,
    "reason" TEXT NOT NULL,
    "setAsideBy" TEXT NOT NULL,
    "setAsideAt" BIGINT NOT NULL,

    CONSTRAINT "ReviewSetAside_pkey" PRIMARY KEY ("outputId")
);

-- AlterTable (in place: PostgreSQL adds columns without rebuilding the table)
ALTER TABLE "ReviewPending" ADD COLUMN     "confidence" DOUBLE PRECISION NOT NULL DEFAULT 0,
ADD COLUMN     "flags" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "inputType" TEXT,
ADD COLUMN     "phase" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "priority" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "segment" TEXT NOT NULL DEFAULT '';

-- Backfill: the output's slice and confidence, and the reasons known today (lib/domain/queue-priority.ts:
-- 2 sampled/flagged, 4 judge says wrong, 8 confident, 16 thumbs down, 32 ticket, 64 critical ticket).
UPDATE "ReviewPending" p SET "phase" = o."phase", "segment" = o."segment", "inputType" = o."inputType", "confidence" = o."confidence",
  "flags" = 2
  | (CASE WHEN o."confidence" >= 0.9 THEN 8 ELSE 0 END)
  | (CASE WHEN EXISTS (SELECT 1 FROM "Label" l WHERE l."outputId" = p."outputId" AND l."source" = 'heuristic' AND NOT l."correct") THEN 4 ELSE 0 END)
  | (CASE WHEN EXISTS (SELECT 1 FROM "Feedback" f WHERE f."outputId" = p."outputId" AND f."value" = 'down') THEN 16 ELSE 0 END)
  | (CASE WHEN EXISTS (SELECT 1 FROM "TicketMention" t WHERE t."outputId" = p."outputId") THEN 32 ELSE 0 END)
  | (CASE WHEN EXISTS (SELECT 1 FROM "TicketMention" t WHERE t."outputId" = p."outputId" AND t."severity" = 'critical') THEN 64 ELSE 0 END)
FROM "Output" o WHERE o."id" = p."outputId";
DELETE FROM "ReviewPending" p WHERE NOT EXISTS (SELECT 1 FROM "Output" o WHERE o."id" = p."outputId");
UPDATE "ReviewPending" SET "priority" = "at" + 3600000 * LEAST(24,
  (CASE WHEN "flags" & 8 <> 0 THEN 3 ELSE 0 END) + (CASE WHEN "flags" & 4 <> 0 THEN 12 ELSE 0 END) + (CASE WHEN "flags" & 16 <> 0 THEN 12 ELSE 0 END)
  + (CASE WHEN "flags" & 32 <> 0 THEN 12 ELSE 0 END) + (CASE WHEN "flags" & 64 <> 0 THEN 12 ELSE 0 END) + (CASE WHEN ("flags" & 12) = 12 THEN 6 ELSE 0 END));

-- CreateIndex
CREATE INDEX "ReviewPending_featureId_phase_priority_idx" ON "ReviewPending"("featureId", "phase", "priority");

-- CreateIndex
CREATE INDEX "ReviewPending_featureId_priority_idx" ON "ReviewPending"("featureId", "priority");

-- CreateIndex
CREATE INDEX "ReviewDecision_featureId_reviewer_id_idx" ON "ReviewDecision"("featureId", "reviewer", "id");

-- CreateIndex
CREATE INDEX "ReviewDecision_featureId_at_idx" ON "ReviewDecision"("featureId", "at");

-- CreateIndex
CREATE INDEX "ReviewSetAside_featureId_setAsideAt_idx" ON "ReviewSetAside"("featureId", "setAsideAt");
