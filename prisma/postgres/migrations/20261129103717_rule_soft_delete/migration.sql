-- AlterTable
ALTER TABLE "AlertRule" ADD COLUMN "deletedAt" TIMESTAMP(3);
