import { db, dbReady } from "../db";
import { binSuffix, CONFIDENCE_BINS, MINUTE_MS } from "../domain/buckets";
import { CALIBRATION_WINDOW_DAYS } from "../domain/confidence-estimate";
import { learnCalibrationMaps, type CalibrationMaps } from "../domain/estimate-signal";
import { randomLabelCells } from "./judge-agreement";
import {
  confidentFromBin,
  DEFAULT_CONFIDENT_THRESHOLD,
  signalCounts,
  type CellCount,
  type SequentialSignal,
} from "../domain/sequential-rule";
import { rollupCells, type RollupCell } from "./rollup-reader";

// What a sequential rule reads: per (phase, segment) cell, the trials and bad outcomes of its
// signal per UTC day (from the hour rollups) and per minute (from the minute rollups), through the
// one rollup reader. The live evaluator, the rule statuses and the backtest all read through here,
// so they see the same cells.

// judgeLabelled/judgeLabelledCorrect: the accuracy signal leaves the judge's lone verdicts out (people only)
const COLUMNS = [
  "outputs",
  "labelled",
  "correct",
  "judgeLabelled",
  "judgeLabelledCorrect",
  "thumbsUp",
  "thumbsDown",
  "criticalTickets",
] as const;
type Sums = Record<(typeof COLUMNS)[number], number> & { judged?: number; judgedCorrect?: number };
const BIN_COLUMNS = Array.from({ length: CONFIDENCE_BINS }, (_, i) => ["l", "c"].map((p) => p + binSuffix(i))).flat();

/** The feature's phases in plan order: what "the previous phase" means, and each phase's confidence threshold. */
export type PhasePlanEntry = { key: string; confidenceThreshold: number };

const JUDGE_COLUMNS = ["judged", "judgedCorrect"] as const;
const OUTPUT_BIN_COLUMNS = Array.from({ length: CONFIDENCE_BINS }, (_, i) => "h" + binSuffix(i));
const columnsOf = (signal: SequentialSignal): readonly string[] =>
  signal === "confident_wrong"
    ? [...COLUMNS, ...BIN_COLUMNS]
    : signal === "judge"
      ? [...COLUMNS, ...JUDGE_COLUMNS]
      : signal === "estimate"
        ? [...COLUMNS, ...OUTPUT_BIN_COLUMNS]
        : COLUMNS;

function cells(signal: SequentialSignal, rows: RollupCell[], plan: PhasePlanEntry[], maps: CalibrationMaps | null): CellCount[] {
  const from = new Map(plan.map((p) => [p.key, confidentFromBin(p.confidenceThreshold)]));
  const fallback = confidentFromBin(DEFAULT_CONFIDENT_THRESHOLD);
  return rows
    .map((r) => {
      const bins =
        signal === "confident_wrong"
          ? Array.from({ length: CONFIDENCE_BINS }, (_, i) => ({
              labelled: r.sums["l" + binSuffix(i)],
              correct: r.sums["c" + binSuffix(i)],
            }))
          : signal === "estimate"
            ? Array.from({ length: CONFIDENCE_BINS }, (_, i) => ({ labelled: 0, correct: 0, outputs: r.sums["h" + binSuffix(i)] }))
            : [];
      const accuracy = signal === "estimate" ? (maps?.forCell(r.phase, r.segment) ?? null) : null;
      return {
        phase: r.phase,
        segment: r.segment,
        at: r.at,
        ...signalCounts(signal, r.sums as Sums, bins, from.get(r.phase) ?? fallback, accuracy),
      };
    })
    .filter((c) => c.n > 0 || c.bad > 0);
}

/** Per-day counts for days [fromDay, toDay) of a feature, every cell. */
export async function dayCounts(
  featureId: string,
  signal: SequentialSignal,
  range: { fromDay: number; toDay: number },
  plan: PhasePlanEntry[] = [],
  maps: CalibrationMaps | null = null,
): Promise<CellCount[]> {
  return cells(signal, await rollupCells(featureId, "day", { from: range.fromDay, to: range.toDay }, columnsOf(signal)), plan, maps);
}

/** Per-minute counts for minutes [fromMinute, toMinute) of a feature, every cell. */
export async function minuteCellCounts(
  featureId: string,
  signal: SequentialSignal,
  range: { fromMinute: number; toMinute: number },
  plan: PhasePlanEntry[] = [],
  maps: CalibrationMaps | null = null,
): Promise<CellCount[]> {
  return cells(
    signal,
    await rollupCells(featureId, "minute", { from: range.fromMinute, to: range.toMinute }, columnsOf(signal)),
    plan,
    maps,
  );
}

/** The feature's phases in plan order (keys, and each phase's confidence threshold). */
export async function phasePlan(featureId: string): Promise<PhasePlanEntry[]> {
  await dbReady();
  return db.phase.findMany({ where: { featureId }, orderBy: { position: "asc" }, select: { key: true, confidenceThreshold: true } });
}

/**
 * The calibration maps the estimate's signal applies (issue 23 part 3), learned once per evaluation
 * from the random-sample labels of the CALIBRATION_WINDOW_DAYS before `to` (ms), as the metrics API
 * learns its estimate's map; null for every other signal (they read no map).
 */
export async function calibrationMapsFor(featureId: string, signal: SequentialSignal, to: number): Promise<CalibrationMaps | null> {
  if (signal !== "estimate") return null;
  const toMinute = Math.ceil(to / MINUTE_MS);
  return learnCalibrationMaps(await randomLabelCells(featureId, { fromMinute: toMinute - CALIBRATION_WINDOW_DAYS * 1440, toMinute }));
}
