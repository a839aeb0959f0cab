-- PostgreSQL twin of prisma/migrations/20261129080635_phase_guardrails_reach_product (added columns only).
ALTER TABLE "Phase" ADD COLUMN "inputTypes" TEXT NOT NULL DEFAULT '[]';
ALTER TABLE "Phase" ADD COLUMN "lowConfidence" TEXT NOT NULL DEFAULT 'fallback';
ALTER TABLE "Phase" ADD COLUMN "disclosure" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Output" ADD COLUMN "presentation" TEXT;
ALTER TABLE "MetricBucket" ADD COLUMN "flagged" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "MetricBucket" ADD COLUMN "asked" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "HourBucket" ADD COLUMN "flagged" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "HourBucket" ADD COLUMN "asked" INTEGER NOT NULL DEFAULT 0;
