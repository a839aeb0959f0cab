-- CreateTable
CREATE TABLE "Incident" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "featureId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "title" TEXT NOT NULL,
    "openedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastAlertAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledgedAt" DATETIME,
    "acknowledgedBy" TEXT,
    "acknowledgeNote" TEXT,
    "resolvedAt" DATETIME,
    CONSTRAINT "Incident_featureId_fkey" FOREIGN KEY ("featureId") REFERENCES "Feature" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- AddColumn (additive: no table rebuild, so other branches' Alert migrations still apply)
ALTER TABLE "Alert" ADD COLUMN "incidentId" TEXT REFERENCES "Incident" ("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE INDEX "Alert_incidentId_idx" ON "Alert"("incidentId");

-- CreateIndex
CREATE INDEX "Incident_featureId_openedAt_idx" ON "Incident"("featureId", "openedAt");

