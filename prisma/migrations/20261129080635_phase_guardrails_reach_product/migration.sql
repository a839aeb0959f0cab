-- Every guardrail in the plan reaches the product (issue 19). Added columns only: no table is
-- rebuilt (the rollup tables hold millions of rows on a busy install).

-- Phase: the input types (task kinds) it serves, what the product does below the threshold, and
-- the disclosure it shows beside the answer.
ALTER TABLE "Phase" ADD COLUMN "inputTypes" TEXT NOT NULL DEFAULT '[]';
ALTER TABLE "Phase" ADD COLUMN "lowConfidence" TEXT NOT NULL DEFAULT 'fallback';
ALTER TABLE "Phase" ADD COLUMN "disclosure" TEXT NOT NULL DEFAULT '';

-- Output: how the product presented it (plain | flagged | asked | fallback); null before it was recorded.
ALTER TABLE "Output" ADD COLUMN "presentation" TEXT;

-- Rollups: of the shown answers, those shown flagged; of the fallbacks, those where the user was asked.
ALTER TABLE "MetricBucket" ADD COLUMN "flagged" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "MetricBucket" ADD COLUMN "asked" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "HourBucket" ADD COLUMN "flagged" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "HourBucket" ADD COLUMN "asked" INTEGER NOT NULL DEFAULT 0;
