-- Sequential rules (issue 12): a rule kind, and the slice an alert of a sequential rule names.
-- Written by hand as two ADD COLUMNs (Prisma's differ redefines the table for a NOT NULL column
-- with a default; SQLite adds it in place, and other branches' migrations stay independent).
ALTER TABLE "Alert" ADD COLUMN "slice" TEXT;
ALTER TABLE "AlertRule" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'window';
