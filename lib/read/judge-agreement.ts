import { db, dbReady, Prisma } from "../db";
import { addCells, judgeAgreement, NO_CELLS, type Agreement, type JudgeCells } from "../domain/agreement";
import { MINUTE_MS } from "../domain/buckets";
import { weekStart, WEEK_MS } from "../domain/review-range";
import { RANDOM_BIN_COLUMNS } from "../domain/rollup";
import { rate, type Rate } from "../domain/stats";
import { readRows } from "../store/raw-sql";

// Judge agreement (humans × the heuristic or LLM judge) and accuracy from people only, read from
// the hourly JudgeBucket and SourceBucket rollups that ingest keeps — never from the label table.

const CELLS = ["agreeCorrect", "agreeWrong", "judgeSaysWrong", "judgeSaysCorrect"] as const;
const num = (v: unknown) => Number(v ?? 0);

export interface WeekAgreement {
  /** Monday 00:00 UTC (epoch ms) */
  week: number;
  cells: JudgeCells;
  agreement: Agreement;
}

/** The judge table of each of the last `weeks` weeks (by output time), oldest first. */
export async function weeklyAgreement(featureId: string, now = Date.now(), weeks = 12): Promise<WeekAgreement[]> {
  await dbReady();
  const last = weekStart(now);
  const starts = Array.from({ length: weeks }, (_, i) => last - (weeks - 1 - i) * WEEK_MS);
  const rows = await readRows(Prisma.sql`
    SELECT "hour", ${Prisma.raw(CELLS.map((c) => `SUM("${c}") AS "${c}"`).join(", "))}
    FROM "JudgeBucket" WHERE "featureId" = ${featureId} AND "hour" >= ${starts[0] / MINUTE_MS} GROUP BY "hour"`);
  const byWeek = new Map<number, JudgeCells>(starts.map((w) => [w, NO_CELLS]));
  for (const r of rows) {
    const w = weekStart(num(r.hour) * MINUTE_MS);
    const cells = byWeek.get(w);
    if (!cells) continue;
    byWeek.set(
      w,
      addCells(cells, {
        agreeCorrect: num(r.agreeCorrect),
        agreeWrong: num(r.agreeWrong),
        judgeSaysWrong: num(r.judgeSaysWrong),
        judgeSaysCorrect: num(r.judgeSaysCorrect),
      }),
    );
  }
  return starts.map((week) => ({ week, cells: byWeek.get(week)!, agreement: judgeAgreement(byWeek.get(week)!) }));
}

/** The judge table over [fromMinute, toMinute), whole hours (for the agreement rule). */
export async function judgeCells(
  featureId: string,
  range: { fromMinute: number; toMinute: number },
  scope: { phase?: string | null; segment?: string | null } = {},
): Promise<JudgeCells> {
  const where = [
    Prisma.sql`"featureId" = ${featureId}`,
    Prisma.sql`"hour" >= ${Math.floor(range.fromMinute / 60) * 60}`,
    Prisma.sql`"hour" < ${range.toMinute}`,
  ];
  if (scope.phase) where.push(Prisma.sql`"phase" = ${scope.phase}`);
  if (scope.segment) where.push(Prisma.sql`"segment" = ${scope.segment}`);
  const [r] = await readRows(
    Prisma.sql`SELECT ${Prisma.raw(CELLS.map((c) => `COALESCE(SUM("${c}"), 0) AS "${c}"`).join(", "))} FROM "JudgeBucket" WHERE ${Prisma.join(where, " AND ")}`,
  );
  return {
    agreeCorrect: num(r?.agreeCorrect),
    agreeWrong: num(r?.agreeWrong),
    judgeSaysWrong: num(r?.judgeSaysWrong),
    judgeSaysCorrect: num(r?.judgeSaysCorrect),
  };
}

export interface Disagreement {
  id: string;
  clientId: string;
  at: number;
  confidence: number;
  segment: string;
  inputType: string | null;
  input: string | null;
  output: string | null;
  human: boolean;
  reviewer: string | null;
  judge: boolean;
}

/** Outputs of [from, to) where the human and the judge disagree, newest first: the review list. */
export async function judgeDisagreements(featureId: string, from: number, to: number, limit = 50): Promise<Disagreement[]> {
  await dbReady();
  const rows = await db.$queryRaw<Record<string, unknown>[]>(Prisma.sql`
    SELECT o."id", o."clientId", o."at", o."confidence", o."segment", o."inputType", o."input", o."output",
           h."correct" AS "human", h."reviewer", j."correct" AS "judge"
    FROM "Label" h
    JOIN "Label" j ON j."outputId" = h."outputId" AND j."source" = 'heuristic'
    JOIN "Output" o ON o."id" = h."outputId"
    WHERE h."featureId" = ${featureId} AND h."source" = 'human' AND h."correct" <> j."correct"
      AND o."at" >= ${from} AND o."at" < ${to}
    ORDER BY o."at" DESC, o."id" LIMIT ${limit}`);
  return rows.map((r) => ({
    id: String(r.id),
    clientId: String(r.clientId),
    at: num(r.at),
    confidence: num(r.confidence),
    segment: String(r.segment),
    inputType: (r.inputType as string | null) ?? null,
    input: (r.input as string | null) ?? null,
    output: (r.output as string | null) ?? null,
    human: Boolean(Number(r.human)),
    reviewer: (r.reviewer as string | null) ?? null,
    judge: Boolean(Number(r.judge)),
  }));
}

export interface AccuracyBySource {
  /** start of the day (epoch ms) */
  day: number;
  all: Rate;
  /** people and ground truth only: the judge's labels left out */
  people: Rate;
}

/** Daily accuracy with every label source and without the judge, from the source rollup. */
export async function accuracyBySource(featureId: string, from: number, to: number): Promise<AccuracyBySource[]> {
  await dbReady();
  const day = 1440;
  const rows = await readRows(Prisma.sql`
    SELECT "hour", "source", SUM("labelled") AS "labelled", SUM("correct") AS "correct"
    FROM "SourceBucket" WHERE "featureId" = ${featureId} AND "hour" >= ${Math.floor(from / MINUTE_MS)} AND "hour" < ${Math.ceil(to / MINUTE_MS)}
    GROUP BY "hour", "source"`);
  const days = new Map<number, { all: [number, number]; people: [number, number] }>();
  for (let d = Math.floor(from / MINUTE_MS / day) * day; d * MINUTE_MS < to; d += day) days.set(d, { all: [0, 0], people: [0, 0] });
  for (const r of rows) {
    const d = days.get(Math.floor(num(r.hour) / day) * day);
    if (!d) continue;
    d.all[0] += num(r.correct);
    d.all[1] += num(r.labelled);
    if (r.source !== "heuristic") {
      d.people[0] += num(r.correct);
      d.people[1] += num(r.labelled);
    }
  }
  return [...days].map(([d, v]) => ({ day: d * MINUTE_MS, all: rate(v.all[0], v.all[1]), people: rate(v.people[0], v.people[1]) }));
}

/**
 * Sums over the hours of [fromMinute, toMinute) of the random-sample labels by confidence bin
 * (rl00…, rc00…) and of the people's effective verdicts by source (SourceBucket), of a phase and
 * segment when given: what the calibration map and the per-source figures read.
 */
export async function randomLabelBins(
  featureId: string,
  range: { fromMinute: number; toMinute: number },
  scope: { phase?: string | null; segment?: string | null } = {},
): Promise<Record<string, number>> {
  const where = hourWhere(featureId, range, scope);
  const [r] = await readRows(
    Prisma.sql`SELECT ${Prisma.raw(RANDOM_BIN_COLUMNS.map((c) => `COALESCE(SUM("${c}"), 0) AS "${c}"`).join(", "))} FROM "JudgeBucket" WHERE ${where}`,
  );
  return Object.fromEntries(RANDOM_BIN_COLUMNS.map((c) => [c, num(r?.[c])]));
}

/** The same random-sample label bins per (phase, segment) cell: what the estimate's sequential signal learns its maps from. */
export async function randomLabelCells(
  featureId: string,
  range: { fromMinute: number; toMinute: number },
): Promise<{ phase: string; segment: string; sums: Record<string, number> }[]> {
  const rows = await readRows(
    Prisma.sql`SELECT "phase", "segment", ${Prisma.raw(RANDOM_BIN_COLUMNS.map((c) => `COALESCE(SUM("${c}"), 0) AS "${c}"`).join(", "))}
      FROM "JudgeBucket" WHERE ${hourWhere(featureId, range, {})} GROUP BY "phase", "segment"`,
  );
  return rows.map((r) => ({
    phase: String(r.phase),
    segment: String(r.segment),
    sums: Object.fromEntries(RANDOM_BIN_COLUMNS.map((c) => [c, num(r[c])])),
  }));
}

/** Labelled and correct outputs by the source of their effective verdict over the hours of the range. */
export async function sourceTotals(
  featureId: string,
  range: { fromMinute: number; toMinute: number },
  scope: { phase?: string | null; segment?: string | null } = {},
): Promise<Record<string, { labelled: number; correct: number }>> {
  const rows = await readRows(Prisma.sql`
    SELECT "source", COALESCE(SUM("labelled"), 0) AS "labelled", COALESCE(SUM("correct"), 0) AS "correct"
    FROM "SourceBucket" WHERE ${hourWhere(featureId, range, scope)} GROUP BY "source"`);
  return Object.fromEntries(rows.map((r) => [String(r.source), { labelled: num(r.labelled), correct: num(r.correct) }]));
}

function hourWhere(
  featureId: string,
  range: { fromMinute: number; toMinute: number },
  scope: { phase?: string | null; segment?: string | null },
) {
  const where = [
    Prisma.sql`"featureId" = ${featureId}`,
    Prisma.sql`"hour" >= ${Math.floor(range.fromMinute / 60) * 60}`,
    Prisma.sql`"hour" < ${range.toMinute}`,
  ];
  if (scope.phase) where.push(Prisma.sql`"phase" = ${scope.phase}`);
  if (scope.segment) where.push(Prisma.sql`"segment" = ${scope.segment}`);
  return Prisma.join(where, " AND ");
}
