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

/** A subquery (use as `FROM (${bucketSource(...)}) AS "b"`) of the scope's rollup rows. */
export function bucketSource(s: BucketScope, columns: string[]): Prisma.Sql {
  const select = (p: BucketPart) => Prisma.sql`SELECT ${p.time} AS "minute", ${Prisma.join(columns.map(ident))} FROM ${p.table} WHERE ${p.where}`;
  return Prisma.join(bucketParts(s).map(select), " UNION ALL ");
}

/** One table and time span of a scope's rollups: aggregate it directly with `aggregate`. */
export interface BucketPart {
  /** "MetricBucket" or "HourBucket" */
  table: Prisma.Sql;
  /** its time column, in minutes ("minute" or "hour") */
  time: Prisma.Sql;
  where: Prisma.Sql;
}

/**
 * The scope's rows as separate parts (at most three), to aggregate each with its own statement and
 * add the results up: a UNION ALL subquery made SQLite materialise every row first (30-day series:
 * 8.5 ms through the union, 2.9 ms for the hour part queried directly).
 */
export function bucketParts(s: BucketScope): BucketPart[] {
  const make = (table: "MetricBucket" | "HourBucket", time: string, from: number, to: number): BucketPart => {
    const where = [Prisma.sql`"featureId" = ${s.featureId}`, Prisma.sql`${ident(time)} >= ${from}`, Prisma.sql`${ident(time)} < ${to}`];
    if (s.phase) where.push(Prisma.sql`"phase" = ${s.phase}`);
    if (s.segment) where.push(Prisma.sql`"segment" = ${s.segment}`);
    return { table: ident(table), time: ident(time), where: Prisma.join(where, " AND ") };
  };
  const firstHour = Math.ceil(s.fromMinute / 60) * 60;
  const lastHour = Math.floor(s.toMinute / 60) * 60;
  if (s.minutesOnly || firstHour >= lastHour) return [make("MetricBucket", "minute", s.fromMinute, s.toMinute)];
  const parts = [make("HourBucket", "hour", firstHour, lastHour)];
  if (s.fromMinute < firstHour) parts.push(make("MetricBucket", "minute", s.fromMinute, firstHour));
  if (lastHour < s.toMinute) parts.push(make("MetricBucket", "minute", lastHour, s.toMinute));
  return parts;
}
