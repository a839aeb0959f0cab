-- CreateTable
CREATE TABLE "ReviewItem" (
    "outputId" TEXT NOT NULL PRIMARY KEY,
    "featureId" TEXT NOT NULL,
    "week" BIGINT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "reviewed" BOOLEAN NOT NULL DEFAULT false,
    "reviewedBy" TEXT,
    "reviewedAt" BIGINT,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" BIGINT NOT NULL
);

-- CreateTable
CREATE TABLE "ReviewTag" (
    "outputId" TEXT NOT NULL,
    "tag" TEXT NOT NULL,
    "featureId" TEXT NOT NULL,
    "week" BIGINT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" BIGINT NOT NULL,

    PRIMARY KEY ("outputId", "tag")
);

-- CreateTable
CREATE TABLE "ReviewClaim" (
    "outputId" TEXT NOT NULL PRIMARY KEY,
    "featureId" TEXT NOT NULL,
    "claimedBy" TEXT NOT NULL,
    "claimedAt" BIGINT NOT NULL,
    "expiresAt" BIGINT NOT NULL,
    "skippedBy" TEXT
);

-- CreateIndex
CREATE INDEX "ReviewItem_featureId_week_idx" ON "ReviewItem"("featureId", "week");

-- CreateIndex
CREATE INDEX "ReviewTag_featureId_week_tag_idx" ON "ReviewTag"("featureId", "week", "tag");

-- CreateIndex
CREATE INDEX "ReviewTag_featureId_tag_idx" ON "ReviewTag"("featureId", "tag");

-- CreateIndex
CREATE INDEX "ReviewClaim_featureId_expiresAt_idx" ON "ReviewClaim"("featureId", "expiresAt");

-- CreateIndex
CREATE INDEX "Output_featureId_review_at_idx" ON "Output"("featureId", "review", "at");

