import { db, dbReady } from "../db";
import { signalCounts, type CellCount, type SequentialSignal } from "../domain/sequential-rule";
import { rollupCells, type RollupCell } from "./rollup-reader";

// What a sequential rule reads: per (phase, segment) cell, the trials and bad outcomes of its
// signal per UTC day (from the hour rollups) and per minute (from the minute rollups), through the
// one rollup reader. The live evaluator, the rule statuses and the backtest all read through here,
// so they see the same cells.

const COLUMNS = ["outputs", "labelled", "correct", "thumbsUp", "thumbsDown", "criticalTickets"] as const;
type Sums = Record<(typeof COLUMNS)[number], number>;

const cells = (signal: SequentialSignal, rows: RollupCell[]): CellCount[] =>
  rows
    .map((r) => ({ phase: r.phase, segment: r.segment, at: r.at, ...signalCounts(signal, r.sums as Sums) }))
    .filter((c) => c.n > 0 || c.bad > 0);

/** Per-day counts for days [fromDay, toDay) of a feature, every cell. */
export async function dayCounts(featureId: string, signal: SequentialSignal, range: { fromDay: number; toDay: number }): Promise<CellCount[]> {
  return cells(signal, await rollupCells(featureId, "day", { from: range.fromDay, to: range.toDay }, COLUMNS));
}

/** Per-minute counts for minutes [fromMinute, toMinute) of a feature, every cell. */
export async function minuteCellCounts(featureId: string, signal: SequentialSignal, range: { fromMinute: number; toMinute: number }): Promise<CellCount[]> {
  return cells(signal, await rollupCells(featureId, "minute", { from: range.fromMinute, to: range.toMinute }, COLUMNS));
}

/** The feature's phases in plan order (keys, and each phase's confidence threshold): what "the previous phase" means. */
export async function phasePlan(featureId: string): Promise<{ key: string; confidenceThreshold: number }[]> {
  await dbReady();
  return db.phase.findMany({ where: { featureId }, orderBy: { position: "asc" }, select: { key: true, confidenceThreshold: true } });
}
