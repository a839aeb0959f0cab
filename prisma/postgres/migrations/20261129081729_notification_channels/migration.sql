-- PostgreSQL twin of prisma/migrations/20261129081729_notification_channels.
ALTER TABLE "Webhook" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'webhook';
ALTER TABLE "Webhook" ADD COLUMN "emailTo" TEXT;
