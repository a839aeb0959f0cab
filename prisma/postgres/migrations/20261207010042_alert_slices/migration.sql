-- AlterTable
ALTER TABLE "Alert" ADD COLUMN     "slices" TEXT;

