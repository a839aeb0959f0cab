-- PostgreSQL twin of prisma/migrations/20261129081216_client_keys.
ALTER TABLE "ApiKey" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'server';
ALTER TABLE "ApiKey" ADD COLUMN "featureIds" TEXT NOT NULL DEFAULT '';
ALTER TABLE "ApiKey" ADD COLUMN "origins" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "DecisionMinute" (
    "featureId" TEXT NOT NULL,
    "minute" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "DecisionMinute_pkey" PRIMARY KEY ("featureId","minute","outcome")
);
