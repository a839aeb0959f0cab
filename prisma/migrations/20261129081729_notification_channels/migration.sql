-- Notification channels: a webhook row becomes one kind of channel (additive columns).
ALTER TABLE "Webhook" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'webhook';
ALTER TABLE "Webhook" ADD COLUMN "emailTo" TEXT;
