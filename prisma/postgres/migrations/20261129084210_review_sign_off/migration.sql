-- PostgreSQL twin of prisma/migrations/20261129084210_review_sign_off.
-- CreateTable
CREATE TABLE "ReviewSignOff" (
    "id" SERIAL NOT NULL,
    "featureId" TEXT NOT NULL,
    "week" BIGINT NOT NULL,
    "reviewer" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "at" BIGINT NOT NULL,

    CONSTRAINT "ReviewSignOff_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ReviewSignOff_featureId_week_reviewer_key" ON "ReviewSignOff"("featureId", "week", "reviewer");
