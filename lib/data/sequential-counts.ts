import { Prisma } from "../db";
import { DAY_MINUTES, signalCounts, type CellCount, type SequentialSignal } from "../domain/sequential-rule";
import { readRows } from "./read-sql";

// What a sequential rule reads: per (phase, segment) cell, the trials and bad outcomes of its
// signal per UTC day (from the hour rollups) and per minute (from the minute rollups). The live
// evaluator, the rule statuses and the backtest all read through here, so they see the same cells.

const COLUMNS = ["outputs", "labelled", "correct", "thumbsUp", "thumbsDown", "criticalTickets"] as const;
const sums = Prisma.raw(COLUMNS.map((c) => `COALESCE(SUM("${c}"), 0) AS "${c}"`).join(", "));

// An integer literal, not a bound parameter: a bound number is a REAL to SQLite, and the division
// would not truncate to the day.
const DAY = Prisma.raw(String(DAY_MINUTES));

type Row = { at: number; phase: string; segment: string } & Record<(typeof COLUMNS)[number], number>;

const cell = (signal: SequentialSignal, r: Row): CellCount => ({ phase: r.phase, segment: r.segment, at: Number(r.at), ...signalCounts(signal, r) });

/** Per-day counts for days [fromDay, toDay) of a feature, every cell. */
export function dayCounts(featureId: string, signal: SequentialSignal, range: { fromDay: number; toDay: number }): CellCount[] {
  const rows = readRows<Row>(Prisma.sql`
    SELECT ("hour" / ${DAY}) AS "at", "phase", "segment", ${sums}
    FROM "HourBucket"
    WHERE "featureId" = ${featureId} AND "hour" >= ${range.fromDay * DAY_MINUTES} AND "hour" < ${range.toDay * DAY_MINUTES}
    GROUP BY ("hour" / ${DAY}), "phase", "segment"`);
  return rows.map((r) => cell(signal, r)).filter((c) => c.n > 0 || c.bad > 0);
}

/** Per-minute counts for minutes [fromMinute, toMinute) of a feature, every cell. */
export function minuteCellCounts(featureId: string, signal: SequentialSignal, range: { fromMinute: number; toMinute: number }): CellCount[] {
  const rows = readRows<Row>(Prisma.sql`
    SELECT "minute" AS "at", "phase", "segment", ${sums}
    FROM "MetricBucket"
    WHERE "featureId" = ${featureId} AND "minute" >= ${range.fromMinute} AND "minute" < ${range.toMinute}
    GROUP BY "minute", "phase", "segment"`);
  return rows.map((r) => cell(signal, r)).filter((c) => c.n > 0 || c.bad > 0);
}
