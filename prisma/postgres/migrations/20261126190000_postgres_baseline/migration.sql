-- CreateTable
CREATE TABLE "Feature" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "stakes" TEXT NOT NULL DEFAULT 'medium',
    "owner" TEXT NOT NULL DEFAULT '',
    "fallback" TEXT NOT NULL DEFAULT '',
    "state" TEXT NOT NULL DEFAULT 'running',
    "currentPhaseId" TEXT,
    "stateReason" TEXT,
    "stateChangedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Feature_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PhaseRun" (
    "id" SERIAL NOT NULL,
    "featureId" TEXT NOT NULL,
    "phaseKey" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),
    "outcome" TEXT,
    "startedBy" TEXT NOT NULL DEFAULT 'system',

    CONSTRAINT "PhaseRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Phase" (
    "id" TEXT NOT NULL,
    "featureId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "audiencePercent" DOUBLE PRECISION NOT NULL,
    "segments" TEXT NOT NULL DEFAULT '[]',
    "confidenceThreshold" DOUBLE PRECISION NOT NULL,
    "reviewRate" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "rateLimitPerMinute" INTEGER,
    "minDurationDays" INTEGER NOT NULL DEFAULT 0,
    "successCriteria" TEXT NOT NULL DEFAULT '{}',
    "expertReview" TEXT NOT NULL DEFAULT '',
    "educationalOnly" BOOLEAN NOT NULL DEFAULT false,
    "rationale" TEXT NOT NULL DEFAULT '',
    "startedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "Phase_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Segment" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Segment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Output" (
    "id" TEXT NOT NULL,
    "featureId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "phase" TEXT NOT NULL,
    "segment" TEXT NOT NULL,
    "unit" TEXT,
    "confidence" DOUBLE PRECISION NOT NULL,
    "shown" BOOLEAN NOT NULL,
    "inputType" TEXT,
    "model" TEXT,
    "input" TEXT,
    "output" TEXT,
    "review" BOOLEAN NOT NULL DEFAULT false,
    "at" BIGINT NOT NULL,
    "minute" INTEGER NOT NULL,
    "receivedAt" BIGINT NOT NULL,

    CONSTRAINT "Output_pkey" PRIMARY KEY ("id")
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

    CONSTRAINT "Label_pkey" PRIMARY KEY ("outputId","source")
);

-- CreateTable
CREATE TABLE "ReviewPending" (
    "outputId" TEXT NOT NULL,
    "featureId" TEXT NOT NULL,
    "at" BIGINT NOT NULL,

    CONSTRAINT "ReviewPending_pkey" PRIMARY KEY ("outputId")
);

-- CreateTable
CREATE TABLE "ReviewVerdict" (
    "outputId" TEXT NOT NULL,
    "featureId" TEXT NOT NULL,
    "at" BIGINT NOT NULL,
    "waitMs" BIGINT NOT NULL,

    CONSTRAINT "ReviewVerdict_pkey" PRIMARY KEY ("outputId")
);

-- CreateTable
CREATE TABLE "AccuracySample" (
    "id" TEXT NOT NULL,
    "featureId" TEXT NOT NULL,
    "phase" TEXT NOT NULL,
    "segment" TEXT NOT NULL,
    "correct" INTEGER NOT NULL,
    "total" INTEGER NOT NULL,
    "at" BIGINT NOT NULL,
    "minute" INTEGER NOT NULL,
    "receivedAt" BIGINT NOT NULL,

    CONSTRAINT "AccuracySample_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Feedback" (
    "outputId" TEXT NOT NULL,
    "featureId" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "comment" TEXT,
    "at" BIGINT NOT NULL,
    "receivedAt" BIGINT NOT NULL,

    CONSTRAINT "Feedback_pkey" PRIMARY KEY ("outputId")
);

-- CreateTable
CREATE TABLE "TicketMention" (
    "id" TEXT NOT NULL,
    "featureId" TEXT NOT NULL,
    "outputId" TEXT,
    "phase" TEXT NOT NULL,
    "segment" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "subject" TEXT,
    "at" BIGINT NOT NULL,
    "minute" INTEGER NOT NULL,
    "receivedAt" BIGINT NOT NULL,

    CONSTRAINT "TicketMention_pkey" PRIMARY KEY ("id")
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
    "confidenceSum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "labelledConfidenceSum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "h00" INTEGER NOT NULL DEFAULT 0,
    "l00" INTEGER NOT NULL DEFAULT 0,
    "c00" INTEGER NOT NULL DEFAULT 0,
    "s00" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "h01" INTEGER NOT NULL DEFAULT 0,
    "l01" INTEGER NOT NULL DEFAULT 0,
    "c01" INTEGER NOT NULL DEFAULT 0,
    "s01" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "h02" INTEGER NOT NULL DEFAULT 0,
    "l02" INTEGER NOT NULL DEFAULT 0,
    "c02" INTEGER NOT NULL DEFAULT 0,
    "s02" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "h03" INTEGER NOT NULL DEFAULT 0,
    "l03" INTEGER NOT NULL DEFAULT 0,
    "c03" INTEGER NOT NULL DEFAULT 0,
    "s03" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "h04" INTEGER NOT NULL DEFAULT 0,
    "l04" INTEGER NOT NULL DEFAULT 0,
    "c04" INTEGER NOT NULL DEFAULT 0,
    "s04" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "h05" INTEGER NOT NULL DEFAULT 0,
    "l05" INTEGER NOT NULL DEFAULT 0,
    "c05" INTEGER NOT NULL DEFAULT 0,
    "s05" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "h06" INTEGER NOT NULL DEFAULT 0,
    "l06" INTEGER NOT NULL DEFAULT 0,
    "c06" INTEGER NOT NULL DEFAULT 0,
    "s06" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "h07" INTEGER NOT NULL DEFAULT 0,
    "l07" INTEGER NOT NULL DEFAULT 0,
    "c07" INTEGER NOT NULL DEFAULT 0,
    "s07" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "h08" INTEGER NOT NULL DEFAULT 0,
    "l08" INTEGER NOT NULL DEFAULT 0,
    "c08" INTEGER NOT NULL DEFAULT 0,
    "s08" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "h09" INTEGER NOT NULL DEFAULT 0,
    "l09" INTEGER NOT NULL DEFAULT 0,
    "c09" INTEGER NOT NULL DEFAULT 0,
    "s09" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "h10" INTEGER NOT NULL DEFAULT 0,
    "l10" INTEGER NOT NULL DEFAULT 0,
    "c10" INTEGER NOT NULL DEFAULT 0,
    "s10" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "h11" INTEGER NOT NULL DEFAULT 0,
    "l11" INTEGER NOT NULL DEFAULT 0,
    "c11" INTEGER NOT NULL DEFAULT 0,
    "s11" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "h12" INTEGER NOT NULL DEFAULT 0,
    "l12" INTEGER NOT NULL DEFAULT 0,
    "c12" INTEGER NOT NULL DEFAULT 0,
    "s12" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "h13" INTEGER NOT NULL DEFAULT 0,
    "l13" INTEGER NOT NULL DEFAULT 0,
    "c13" INTEGER NOT NULL DEFAULT 0,
    "s13" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "h14" INTEGER NOT NULL DEFAULT 0,
    "l14" INTEGER NOT NULL DEFAULT 0,
    "c14" INTEGER NOT NULL DEFAULT 0,
    "s14" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "h15" INTEGER NOT NULL DEFAULT 0,
    "l15" INTEGER NOT NULL DEFAULT 0,
    "c15" INTEGER NOT NULL DEFAULT 0,
    "s15" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "h16" INTEGER NOT NULL DEFAULT 0,
    "l16" INTEGER NOT NULL DEFAULT 0,
    "c16" INTEGER NOT NULL DEFAULT 0,
    "s16" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "h17" INTEGER NOT NULL DEFAULT 0,
    "l17" INTEGER NOT NULL DEFAULT 0,
    "c17" INTEGER NOT NULL DEFAULT 0,
    "s17" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "h18" INTEGER NOT NULL DEFAULT 0,
    "l18" INTEGER NOT NULL DEFAULT 0,
    "c18" INTEGER NOT NULL DEFAULT 0,
    "s18" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "h19" INTEGER NOT NULL DEFAULT 0,
    "l19" INTEGER NOT NULL DEFAULT 0,
    "c19" INTEGER NOT NULL DEFAULT 0,
    "s19" DOUBLE PRECISION NOT NULL DEFAULT 0,

    CONSTRAINT "MetricBucket_pkey" PRIMARY KEY ("featureId","minute","phase","segment")
);

-- CreateTable
CREATE TABLE "HourBucket" (
    "featureId" TEXT NOT NULL,
    "phase" TEXT NOT NULL,
    "segment" TEXT NOT NULL,
    "hour" INTEGER NOT NULL,
    "outputs" INTEGER NOT NULL DEFAULT 0,
    "shown" INTEGER NOT NULL DEFAULT 0,
    "fallbacks" INTEGER NOT NULL DEFAULT 0,
    "labelled" INTEGER NOT NULL DEFAULT 0,
    "correct" INTEGER NOT NULL DEFAULT 0,
    "thumbsUp" INTEGER NOT NULL DEFAULT 0,
    "thumbsDown" INTEGER NOT NULL DEFAULT 0,
    "tickets" INTEGER NOT NULL DEFAULT 0,
    "criticalTickets" INTEGER NOT NULL DEFAULT 0,
    "confidenceSum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "labelledConfidenceSum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "h00" INTEGER NOT NULL DEFAULT 0,
    "l00" INTEGER NOT NULL DEFAULT 0,
    "c00" INTEGER NOT NULL DEFAULT 0,
    "s00" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "h01" INTEGER NOT NULL DEFAULT 0,
    "l01" INTEGER NOT NULL DEFAULT 0,
    "c01" INTEGER NOT NULL DEFAULT 0,
    "s01" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "h02" INTEGER NOT NULL DEFAULT 0,
    "l02" INTEGER NOT NULL DEFAULT 0,
    "c02" INTEGER NOT NULL DEFAULT 0,
    "s02" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "h03" INTEGER NOT NULL DEFAULT 0,
    "l03" INTEGER NOT NULL DEFAULT 0,
    "c03" INTEGER NOT NULL DEFAULT 0,
    "s03" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "h04" INTEGER NOT NULL DEFAULT 0,
    "l04" INTEGER NOT NULL DEFAULT 0,
    "c04" INTEGER NOT NULL DEFAULT 0,
    "s04" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "h05" INTEGER NOT NULL DEFAULT 0,
    "l05" INTEGER NOT NULL DEFAULT 0,
    "c05" INTEGER NOT NULL DEFAULT 0,
    "s05" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "h06" INTEGER NOT NULL DEFAULT 0,
    "l06" INTEGER NOT NULL DEFAULT 0,
    "c06" INTEGER NOT NULL DEFAULT 0,
    "s06" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "h07" INTEGER NOT NULL DEFAULT 0,
    "l07" INTEGER NOT NULL DEFAULT 0,
    "c07" INTEGER NOT NULL DEFAULT 0,
    "s07" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "h08" INTEGER NOT NULL DEFAULT 0,
    "l08" INTEGER NOT NULL DEFAULT 0,
    "c08" INTEGER NOT NULL DEFAULT 0,
    "s08" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "h09" INTEGER NOT NULL DEFAULT 0,
    "l09" INTEGER NOT NULL DEFAULT 0,
    "c09" INTEGER NOT NULL DEFAULT 0,
    "s09" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "h10" INTEGER NOT NULL DEFAULT 0,
    "l10" INTEGER NOT NULL DEFAULT 0,
    "c10" INTEGER NOT NULL DEFAULT 0,
    "s10" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "h11" INTEGER NOT NULL DEFAULT 0,
    "l11" INTEGER NOT NULL DEFAULT 0,
    "c11" INTEGER NOT NULL DEFAULT 0,
    "s11" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "h12" INTEGER NOT NULL DEFAULT 0,
    "l12" INTEGER NOT NULL DEFAULT 0,
    "c12" INTEGER NOT NULL DEFAULT 0,
    "s12" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "h13" INTEGER NOT NULL DEFAULT 0,
    "l13" INTEGER NOT NULL DEFAULT 0,
    "c13" INTEGER NOT NULL DEFAULT 0,
    "s13" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "h14" INTEGER NOT NULL DEFAULT 0,
    "l14" INTEGER NOT NULL DEFAULT 0,
    "c14" INTEGER NOT NULL DEFAULT 0,
    "s14" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "h15" INTEGER NOT NULL DEFAULT 0,
    "l15" INTEGER NOT NULL DEFAULT 0,
    "c15" INTEGER NOT NULL DEFAULT 0,
    "s15" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "h16" INTEGER NOT NULL DEFAULT 0,
    "l16" INTEGER NOT NULL DEFAULT 0,
    "c16" INTEGER NOT NULL DEFAULT 0,
    "s16" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "h17" INTEGER NOT NULL DEFAULT 0,
    "l17" INTEGER NOT NULL DEFAULT 0,
    "c17" INTEGER NOT NULL DEFAULT 0,
    "s17" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "h18" INTEGER NOT NULL DEFAULT 0,
    "l18" INTEGER NOT NULL DEFAULT 0,
    "c18" INTEGER NOT NULL DEFAULT 0,
    "s18" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "h19" INTEGER NOT NULL DEFAULT 0,
    "l19" INTEGER NOT NULL DEFAULT 0,
    "c19" INTEGER NOT NULL DEFAULT 0,
    "s19" DOUBLE PRECISION NOT NULL DEFAULT 0,

    CONSTRAINT "HourBucket_pkey" PRIMARY KEY ("featureId","hour","phase","segment")
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

    CONSTRAINT "SliceBucket_pkey" PRIMARY KEY ("featureId","hour","phase","segment","inputType")
);

-- CreateTable
CREATE TABLE "AlertRule" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AlertRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Alert" (
    "id" TEXT NOT NULL,
    "featureId" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "lower" DOUBLE PRECISION,
    "upper" DOUBLE PRECISION,
    "sampleSize" INTEGER NOT NULL,
    "message" TEXT NOT NULL,
    "openedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledgedAt" TIMESTAMP(3),
    "acknowledgedBy" TEXT,
    "resolvedAt" TIMESTAMP(3),

    CONSTRAINT "Alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReadinessChecklist" (
    "id" TEXT NOT NULL,
    "featureId" TEXT NOT NULL,
    "content" TEXT NOT NULL DEFAULT '{}',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReadinessChecklist_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "reason" TEXT,
    "before" TEXT,
    "after" TEXT,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "scopes" TEXT NOT NULL,
    "featureId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "passwordHash" TEXT,
    "role" TEXT NOT NULL DEFAULT 'viewer',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "demo" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSignInAt" TIMESTAMP(3),

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StateChange" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "featureKey" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "payload" TEXT NOT NULL DEFAULT '{}',

    CONSTRAINT "StateChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "Webhook" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "events" TEXT NOT NULL DEFAULT 'alert.opened,alert.resolved,feature.paused,feature.resumed',
    "featureId" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Webhook_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" SERIAL NOT NULL,
    "webhookId" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "lastStatus" INTEGER,
    "lastError" TEXT,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMP(3),

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReviewItem" (
    "outputId" TEXT NOT NULL,
    "featureId" TEXT NOT NULL,
    "week" BIGINT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "reviewed" BOOLEAN NOT NULL DEFAULT false,
    "reviewedBy" TEXT,
    "reviewedAt" BIGINT,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" BIGINT NOT NULL,

    CONSTRAINT "ReviewItem_pkey" PRIMARY KEY ("outputId")
);

-- CreateTable
CREATE TABLE "ReviewTag" (
    "outputId" TEXT NOT NULL,
    "tag" TEXT NOT NULL,
    "featureId" TEXT NOT NULL,
    "week" BIGINT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" BIGINT NOT NULL,

    CONSTRAINT "ReviewTag_pkey" PRIMARY KEY ("outputId","tag")
);

-- CreateTable
CREATE TABLE "ReviewClaim" (
    "outputId" TEXT NOT NULL,
    "featureId" TEXT NOT NULL,
    "claimedBy" TEXT NOT NULL,
    "claimedAt" BIGINT NOT NULL,
    "expiresAt" BIGINT NOT NULL,
    "skippedBy" TEXT,

    CONSTRAINT "ReviewClaim_pkey" PRIMARY KEY ("outputId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Feature_key_key" ON "Feature"("key");

-- CreateIndex
CREATE INDEX "PhaseRun_featureId_startedAt_idx" ON "PhaseRun"("featureId", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Phase_featureId_key_key" ON "Phase"("featureId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "Phase_featureId_position_key" ON "Phase"("featureId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "Segment_key_key" ON "Segment"("key");

-- CreateIndex
CREATE INDEX "Output_featureId_at_idx" ON "Output"("featureId", "at");

-- CreateIndex
CREATE INDEX "Output_featureId_review_at_idx" ON "Output"("featureId", "review", "at");

-- CreateIndex
CREATE INDEX "Label_featureId_at_idx" ON "Label"("featureId", "at");

-- CreateIndex
CREATE INDEX "ReviewPending_featureId_at_idx" ON "ReviewPending"("featureId", "at");

-- CreateIndex
CREATE INDEX "ReviewVerdict_featureId_at_idx" ON "ReviewVerdict"("featureId", "at");

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

-- CreateIndex
CREATE INDEX "WebhookDelivery_status_nextAttemptAt_idx" ON "WebhookDelivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "ReviewItem_featureId_week_idx" ON "ReviewItem"("featureId", "week");

-- CreateIndex
CREATE INDEX "ReviewTag_featureId_week_tag_idx" ON "ReviewTag"("featureId", "week", "tag");

-- CreateIndex
CREATE INDEX "ReviewTag_featureId_tag_idx" ON "ReviewTag"("featureId", "tag");

-- CreateIndex
CREATE INDEX "ReviewClaim_featureId_expiresAt_idx" ON "ReviewClaim"("featureId", "expiresAt");

-- AddForeignKey
ALTER TABLE "PhaseRun" ADD CONSTRAINT "PhaseRun_featureId_fkey" FOREIGN KEY ("featureId") REFERENCES "Feature"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Phase" ADD CONSTRAINT "Phase_featureId_fkey" FOREIGN KEY ("featureId") REFERENCES "Feature"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertRule" ADD CONSTRAINT "AlertRule_featureId_fkey" FOREIGN KEY ("featureId") REFERENCES "Feature"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_featureId_fkey" FOREIGN KEY ("featureId") REFERENCES "Feature"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "AlertRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReadinessChecklist" ADD CONSTRAINT "ReadinessChecklist_featureId_fkey" FOREIGN KEY ("featureId") REFERENCES "Feature"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_featureId_fkey" FOREIGN KEY ("featureId") REFERENCES "Feature"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_webhookId_fkey" FOREIGN KEY ("webhookId") REFERENCES "Webhook"("id") ON DELETE CASCADE ON UPDATE CASCADE;

