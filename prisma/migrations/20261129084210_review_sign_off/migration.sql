-- CreateTable
CREATE TABLE "ReviewSignOff" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "featureId" TEXT NOT NULL,
    "week" BIGINT NOT NULL,
    "reviewer" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "at" BIGINT NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "ReviewSignOff_featureId_week_reviewer_key" ON "ReviewSignOff"("featureId", "week", "reviewer");

