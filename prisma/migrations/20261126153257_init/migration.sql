-- CreateTable
CREATE TABLE "Feature" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "stakes" TEXT NOT NULL DEFAULT 'medium',
    "owner" TEXT NOT NULL DEFAULT '',
    "fallback" TEXT NOT NULL DEFAULT '',
    "state" TEXT NOT NULL DEFAULT 'running',
    "currentPhaseId" TEXT,
    "stateReason" TEXT,
    "stateChangedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Phase" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "featureId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "audiencePercent" REAL NOT NULL,
    "segments" TEXT NOT NULL DEFAULT '[]',
    "confidenceThreshold" REAL NOT NULL,
    "reviewRate" REAL NOT NULL DEFAULT 0,
    "rateLimitPerMinute" INTEGER,
    "minDurationDays" INTEGER NOT NULL DEFAULT 0,
    "successCriteria" TEXT NOT NULL DEFAULT '{}',
    "startedAt" DATETIME,
    "endedAt" DATETIME,
    CONSTRAINT "Phase_featureId_fkey" FOREIGN KEY ("featureId") REFERENCES "Feature" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Segment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Output" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "featureId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "phase" TEXT NOT NULL,
    "segment" TEXT NOT NULL,
    "unit" TEXT,
    "confidence" REAL NOT NULL,
    "shown" BOOLEAN NOT NULL,
    "inputType" TEXT,
    "model" TEXT,
    "input" TEXT,
    "output" TEXT,
    "review" BOOLEAN NOT NULL DEFAULT false,
    "at" BIGINT NOT NULL,
    "minute" INTEGER NOT NULL,
    "receivedAt" BIGINT NOT NULL
);

-- CreateTable
CREATE TABLE "Label" (
    "outputId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "correct" BOOLEAN NOT NULL,
    "featureId" TEXT NOT NULL,
    "reviewer" TEXT,
    "at" BIGINT NOT NULL,
    "receivedAt" BIGINT NOT NULL,

    PRIMARY KEY ("outputId", "source")
);

-- CreateTable
CREATE TABLE "AccuracySample" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "featureId" TEXT NOT NULL,
    "phase" TEXT NOT NULL,
    "segment" TEXT NOT NULL,
    "correct" INTEGER NOT NULL,
    "total" INTEGER NOT NULL,
    "at" BIGINT NOT NULL,
    "minute" INTEGER NOT NULL,
    "receivedAt" BIGINT NOT NULL
);

-- CreateTable
CREATE TABLE "Feedback" (
    "outputId" TEXT NOT NULL PRIMARY KEY,
    "featureId" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "comment" TEXT,
    "at" BIGINT NOT NULL,
    "receivedAt" BIGINT NOT NULL
);

-- CreateTable
CREATE TABLE "TicketMention" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "featureId" TEXT NOT NULL,
    "outputId" TEXT,
    "phase" TEXT NOT NULL,
    "segment" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "subject" TEXT,
    "at" BIGINT NOT NULL,
    "minute" INTEGER NOT NULL,
    "receivedAt" BIGINT NOT NULL
);

-- CreateTable
CREATE TABLE "MetricBucket" (
    "featureId" TEXT NOT NULL,
    "phase" TEXT NOT NULL,
    "segment" TEXT NOT NULL,
    "minute" INTEGER NOT NULL,
    "outputs" INTEGER NOT NULL DEFAULT 0,
    "shown" INTEGER NOT NULL DEFAULT 0,
    "fallbacks" INTEGER NOT NULL DEFAULT 0,
    "labelled" INTEGER NOT NULL DEFAULT 0,
    "correct" INTEGER NOT NULL DEFAULT 0,
    "thumbsUp" INTEGER NOT NULL DEFAULT 0,
    "thumbsDown" INTEGER NOT NULL DEFAULT 0,
    "tickets" INTEGER NOT NULL DEFAULT 0,
    "criticalTickets" INTEGER NOT NULL DEFAULT 0,
    "confidenceSum" REAL NOT NULL DEFAULT 0,
    "labelledConfidenceSum" REAL NOT NULL DEFAULT 0,
    "h00" INTEGER NOT NULL DEFAULT 0,
    "l00" INTEGER NOT NULL DEFAULT 0,
    "c00" INTEGER NOT NULL DEFAULT 0,
    "s00" REAL NOT NULL DEFAULT 0,
    "h01" INTEGER NOT NULL DEFAULT 0,
    "l01" INTEGER NOT NULL DEFAULT 0,
    "c01" INTEGER NOT NULL DEFAULT 0,
    "s01" REAL NOT NULL DEFAULT 0,
    "h02" INTEGER NOT NULL DEFAULT 0,
    "l02" INTEGER NOT NULL DEFAULT 0,
    "c02" INTEGER NOT NULL DEFAULT 0,
    "s02" REAL NOT NULL DEFAULT 0,
    "h03" INTEGER NOT NULL DEFAULT 0,
    "l03" INTEGER NOT NULL DEFAULT 0,
    "c03" INTEGER NOT NULL DEFAULT 0,
    "s03" REAL NOT NULL DEFAULT 0,
    "h04" INTEGER NOT NULL DEFAULT 0,
    "l04" INTEGER NOT NULL DEFAULT 0,
    "c04" INTEGER NOT NULL DEFAULT 0,
    "s04" REAL NOT NULL DEFAULT 0,
    "h05" INTEGER NOT NULL DEFAULT 0,
    "l05" INTEGER NOT NULL DEFAULT 0,
    "c05" INTEGER NOT NULL DEFAULT 0,
    "s05" REAL NOT NULL DEFAULT 0,
    "h06" INTEGER NOT NULL DEFAULT 0,
    "l06" INTEGER NOT NULL DEFAULT 0,
    "c06" INTEGER NOT NULL DEFAULT 0,
    "s06" REAL NOT NULL DEFAULT 0,
    "h07" INTEGER NOT NULL DEFAULT 0,
    "l07" INTEGER NOT NULL DEFAULT 0,
    "c07" INTEGER NOT NULL DEFAULT 0,
    "s07" REAL NOT NULL DEFAULT 0,
    "h08" INTEGER NOT NULL DEFAULT 0,
    "l08" INTEGER NOT NULL DEFAULT 0,
    "c08" INTEGER NOT NULL DEFAULT 0,
    "s08" REAL NOT NULL DEFAULT 0,
    "h09" INTEGER NOT NULL DEFAULT 0,
    "l09" INTEGER NOT NULL DEFAULT 0,
    "c09" INTEGER NOT NULL DEFAULT 0,
    "s09" REAL NOT NULL DEFAULT 0,
    "h10" INTEGER NOT NULL DEFAULT 0,
    "l10" INTEGER NOT NULL DEFAULT 0,
    "c10" INTEGER NOT NULL DEFAULT 0,
    "s10" REAL NOT NULL DEFAULT 0,
    "h11" INTEGER NOT NULL DEFAULT 0,
    "l11" INTEGER NOT NULL DEFAULT 0,
    "c11" INTEGER NOT NULL DEFAULT 0,
    "s11" REAL NOT NULL DEFAULT 0,
    "h12" INTEGER NOT NULL DEFAULT 0,
    "l12" INTEGER NOT NULL DEFAULT 0,
    "c12" INTEGER NOT NULL DEFAULT 0,
    "s12" REAL NOT NULL DEFAULT 0,
    "h13" INTEGER NOT NULL DEFAULT 0,
    "l13" INTEGER NOT NULL DEFAULT 0,
    "c13" INTEGER NOT NULL DEFAULT 0,
    "s13" REAL NOT NULL DEFAULT 0,
    "h14" INTEGER NOT NULL DEFAULT 0,
    "l14" INTEGER NOT NULL DEFAULT 0,
    "c14" INTEGER NOT NULL DEFAULT 0,
    "s14" REAL NOT NULL DEFAULT 0,
    "h15" INTEGER NOT NULL DEFAULT 0,
    "l15" INTEGER NOT NULL DEFAULT 0,
    "c15" INTEGER NOT NULL DEFAULT 0,
    "s15" REAL NOT NULL DEFAULT 0,
    "h16" INTEGER NOT NULL DEFAULT 0,
    "l16" INTEGER NOT NULL DEFAULT 0,
    "c16" INTEGER NOT NULL DEFAULT 0,
    "s16" REAL NOT NULL DEFAULT 0,
    "h17" INTEGER NOT NULL DEFAULT 0,
    "l17" INTEGER NOT NULL DEFAULT 0,
    "c17" INTEGER NOT NULL DEFAULT 0,
    "s17" REAL NOT NULL DEFAULT 0,
    "h18" INTEGER NOT NULL DEFAULT 0,
    "l18" INTEGER NOT NULL DEFAULT 0,
    "c18" INTEGER NOT NULL DEFAULT 0,
    "s18" REAL NOT NULL DEFAULT 0,
    "h19" INTEGER NOT NULL DEFAULT 0,
    "l19" INTEGER NOT NULL DEFAULT 0,
    "c19" INTEGER NOT NULL DEFAULT 0,
    "s19" REAL NOT NULL DEFAULT 0,

    PRIMARY KEY ("featureId", "minute", "phase", "segment")
);

-- CreateTable
CREATE TABLE "SliceBucket" (
    "featureId" TEXT NOT NULL,
    "phase" TEXT NOT NULL,
    "segment" TEXT NOT NULL,
    "inputType" TEXT NOT NULL,
    "hour" INTEGER NOT NULL,
    "outputs" INTEGER NOT NULL DEFAULT 0,
    "labelled" INTEGER NOT NULL DEFAULT 0,
    "correct" INTEGER NOT NULL DEFAULT 0,
    "thumbsUp" INTEGER NOT NULL DEFAULT 0,
    "thumbsDown" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("featureId", "hour", "phase", "segment", "inputType")
);

-- CreateTable
CREATE TABLE "AlertRule" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "featureId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "params" TEXT NOT NULL DEFAULT '{}',
    "windowMinutes" INTEGER NOT NULL DEFAULT 60,
    "minSamples" INTEGER NOT NULL DEFAULT 100,
    "phase" TEXT,
    "segment" TEXT,
    "action" TEXT NOT NULL DEFAULT 'notify',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "AlertRule_featureId_fkey" FOREIGN KEY ("featureId") REFERENCES "Feature" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Alert" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "featureId" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "value" REAL NOT NULL,
    "lower" REAL,
    "upper" REAL,
    "sampleSize" INTEGER NOT NULL,
    "message" TEXT NOT NULL,
    "openedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledgedAt" DATETIME,
    "acknowledgedBy" TEXT,
    "resolvedAt" DATETIME,
    CONSTRAINT "Alert_featureId_fkey" FOREIGN KEY ("featureId") REFERENCES "Feature" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Alert_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "AlertRule" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReadinessChecklist" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "featureId" TEXT NOT NULL,
    "content" TEXT NOT NULL DEFAULT '{}',
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ReadinessChecklist_featureId_fkey" FOREIGN KEY ("featureId") REFERENCES "Feature" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "reason" TEXT,
    "before" TEXT,
    "after" TEXT
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "scopes" TEXT NOT NULL,
    "featureId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    "revokedAt" DATETIME,
    CONSTRAINT "ApiKey_featureId_fkey" FOREIGN KEY ("featureId") REFERENCES "Feature" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "passwordHash" TEXT,
    "role" TEXT NOT NULL DEFAULT 'viewer',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "demo" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSignInAt" DATETIME
);

-- CreateTable
CREATE TABLE "StateChange" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "featureKey" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "payload" TEXT NOT NULL DEFAULT '{}'
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "Feature_key_key" ON "Feature"("key");

-- CreateIndex
CREATE UNIQUE INDEX "Phase_featureId_key_key" ON "Phase"("featureId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "Phase_featureId_position_key" ON "Phase"("featureId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "Segment_key_key" ON "Segment"("key");

-- CreateIndex
CREATE INDEX "Output_featureId_at_idx" ON "Output"("featureId", "at");

-- CreateIndex
CREATE INDEX "Label_featureId_at_idx" ON "Label"("featureId", "at");

-- CreateIndex
CREATE INDEX "AccuracySample_featureId_at_idx" ON "AccuracySample"("featureId", "at");

-- CreateIndex
CREATE INDEX "Feedback_featureId_at_idx" ON "Feedback"("featureId", "at");

-- CreateIndex
CREATE INDEX "TicketMention_featureId_at_idx" ON "TicketMention"("featureId", "at");

-- CreateIndex
CREATE INDEX "TicketMention_outputId_idx" ON "TicketMention"("outputId");

-- CreateIndex
CREATE INDEX "Alert_featureId_status_idx" ON "Alert"("featureId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "ReadinessChecklist_featureId_key" ON "ReadinessChecklist"("featureId");

-- CreateIndex
CREATE INDEX "AuditEvent_target_at_idx" ON "AuditEvent"("target", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_action_at_idx" ON "AuditEvent"("action", "at");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_prefix_key" ON "ApiKey"("prefix");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_hash_key" ON "ApiKey"("hash");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "StateChange_at_idx" ON "StateChange"("at");

