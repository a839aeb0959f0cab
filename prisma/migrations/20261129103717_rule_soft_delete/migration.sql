-- AlterTable
ALTER TABLE "AlertRule" ADD COLUMN "deletedAt" DATETIME;

