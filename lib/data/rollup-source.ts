import { Prisma } from "../db";
import { ident } from "./sql";

// Where a range's rollups come from: whole hours from HourBucket (60x fewer rows), the partial
// first and last hours from MetricBucket. The result is one row source with a "minute" column
// (an hour row carries its first minute), so callers group and sum as if it were minute rows.


export interface BucketScope {
  featureId: string;
  fromMinute: number;
  /** exclusive */
  toMinute: number;
  phase?: string;
  segment?: string;
  /** read minute rows only (for minute-interval series) */
  minutesOnly?: boolean;
}

function part(table: "MetricBucket" | "HourBucket", time: string, from: number, to: number, s: BucketScope, columns: string[]) {
  const where = [Prisma.sql`"featureId" = ${s.featureId}`, Prisma.sql`${ident(time)} >= ${from}`, Prisma.sql`${ident(time)} < ${to}`];
  if (s.phase) where.push(Prisma.sql`"phase" = ${s.phase}`);
  if (s.segment) where.push(Prisma.sql`"segment" = ${s.segment}`);
  return Prisma.sql`SELECT ${ident(time)} AS "minute", ${Prisma.join(columns.map(ident))} FROM ${ident(table)} WHERE ${Prisma.join(where, " AND ")}`;
}

/** A subquery (use as `FROM (${bucketSource(...)}) AS "b"`) of the scope's rollup rows. */
export function bucketSource(s: BucketScope, columns: string[]): Prisma.Sql {
  const firstHour = Math.ceil(s.fromMinute / 60) * 60;
  const lastHour = Math.floor(s.toMinute / 60) * 60;
  if (s.minutesOnly || firstHour >= lastHour) return part("MetricBucket", "minute", s.fromMinute, s.toMinute, s, columns);
  const parts = [part("HourBucket", "hour", firstHour, lastHour, s, columns)];
  if (s.fromMinute < firstHour) parts.push(part("MetricBucket", "minute", s.fromMinute, firstHour, s, columns));
  if (lastHour < s.toMinute) parts.push(part("MetricBucket", "minute", lastHour, s.toMinute, s, columns));
  return Prisma.join(parts, " UNION ALL ");
}
