-- Client-side keys (may sit in a browser): kind, the features they name, the origins CORS allows.
ALTER TABLE "ApiKey" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'server';
ALTER TABLE "ApiKey" ADD COLUMN "featureIds" TEXT NOT NULL DEFAULT '';
ALTER TABLE "ApiKey" ADD COLUMN "origins" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "DecisionMinute" (
    "featureId" TEXT NOT NULL,
    "minute" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    PRIMARY KEY ("featureId", "minute", "outcome")
);
