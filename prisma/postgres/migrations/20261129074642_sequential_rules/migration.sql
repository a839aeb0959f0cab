-- PostgreSQL twin of prisma/migrations/20261129074642_sequential_rules: a rule kind, and the slice an alert of a sequential rule names.
ALTER TABLE "Alert" ADD COLUMN "slice" TEXT;
ALTER TABLE "AlertRule" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'window';
