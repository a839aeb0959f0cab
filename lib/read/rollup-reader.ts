import { dbReady, Prisma } from "../db";
import { readArrays } from "../store/raw-sql";
import { ident } from "../data/sql";

// The one reader of the rollups (MetricBucket per minute, HourBucket per hour, SliceBucket per
// hour and input type), used by metrics, the dashboard, graduation, alert windows and the backtest.
// The only place their SQL lives: callers pass a range and a scope and get plain rows of numbers.
//
// A range is read as separate parts: whole hours from HourBucket (60x fewer rows), the partial first
// and last hours from MetricBucket. Each part is aggregated by its own statement and the parts are
// added up here: a UNION ALL subquery made SQLite materialise every row before summing (30-day
// series: 8.5 ms through the union, 2.9 ms for the hour part queried directly).
//
// Statements run on the raw SQLite connection, prepared once per SQL text (one cache for every
// read): Prisma's raw-query path (its query compiler, then the conversion of every column of every
// row) was most of a 30-day metrics read, ~35 ms of which the SQL itself took ~8 ms. The SQL text is
// portable (built with Prisma.sql, quoted identifiers), so a PostgreSQL store can run the same.

export interface RollupScope {
  featureId: string;
  fromMinute: number;
  /** exclusive */
  toMinute: number;
  phase?: string | null;
  segment?: string | null;
  /** read minute rows only (minute-interval series, alert windows, the backtest) */
  minutesOnly?: boolean;
  /**
   * one model version's figures: read from ModelBucket, hourly only — the hours that start in
   * [fromMinute rounded down to its hour, toMinute); minutesOnly does not apply
   */
  model?: string | null;
}

/** One interval's sums (`start`: its first minute), of one phase when grouped by phase. */
export interface RollupInterval {
  start: number;
  phase?: string;
  sums: Record<string, number>;
}

// ---------------------------------------------------------------------------------------------
// Reads
// ---------------------------------------------------------------------------------------------

/** One (phase, segment) cell's sums at one time step (`at`: a UTC day or a minute number). */
export interface RollupCell {
  at: number;
  phase: string;
  segment: string;
  sums: Record<string, number>;
}

/**
 * Sums of `columns` per (phase, segment) cell and per UTC day (`grain: "day"`, from the hour rows:
 * [from, to) in days) or per minute (`grain: "minute"`, from the minute rows: [from, to) in minutes).
 * What sequential rules read: the live evaluator, the rule statuses and the backtest alike.
 */
export async function rollupCells(
  featureId: string,
  grain: "day" | "minute",
  range: { from: number; to: number },
  columns: readonly string[],
): Promise<RollupCell[]> {
  await dbReady();
  const select = Prisma.join(columns.map((c) => Prisma.sql`COALESCE(SUM(${ident(c)}), 0)`));
  // An integer literal, not a bound parameter: a bound number is a REAL to SQLite, and the division
  // would not truncate to the day.
  const DAY = Prisma.raw(String(24 * 60));
  const rows =
    grain === "day"
      ? await rawRows(Prisma.sql`SELECT ("hour" / ${DAY}), "phase", "segment", ${select} FROM "HourBucket"
          WHERE "featureId" = ${featureId} AND "hour" >= ${range.from * 24 * 60} AND "hour" < ${range.to * 24 * 60}
          GROUP BY ("hour" / ${DAY}), "phase", "segment"`)
      : await rawRows(Prisma.sql`SELECT "minute", "phase", "segment", ${select} FROM "MetricBucket"
          WHERE "featureId" = ${featureId} AND "minute" >= ${range.from} AND "minute" < ${range.to}
          GROUP BY "minute", "phase", "segment"`);
  return rows.map((r) => ({
    at: Number(r[0]),
    phase: String(r[1]),
    segment: String(r[2]),
    sums: Object.fromEntries(columns.map((c, i) => [c, Number(r[3 + i] ?? 0)])),
  }));
}

/** Sums of `columns` over the scope (0 for a column without rows). */
export async function rollupTotals(scope: RollupScope, columns: readonly string[]): Promise<Record<string, number>> {
  await dbReady();
  const totals: Record<string, number> = Object.fromEntries(columns.map((c) => [c, 0]));
  const select = Prisma.join(columns.map((c) => Prisma.sql`COALESCE(SUM(${ident(c)}), 0)`));
  for (const p of rollupParts(scope)) {
    const row = (await rawRows(Prisma.sql`SELECT ${select} FROM ${p.table} WHERE ${p.where}`))[0] ?? [];
    columns.forEach((c, i) => (totals[c] += Number(row[i] ?? 0)));
  }
  return totals;
}

/**
 * Sums of `columns` per interval of `intervalMinutes` (rows carry `start`, the interval's first
 * minute), and per phase too with `byPhase`; sorted by phase, then start. Intervals without rows
 * are left out (`nonZero`: also those where that column sums to 0).
 */
export async function rollupSeries(
  scope: RollupScope,
  columns: readonly string[],
  options: { intervalMinutes: number; byPhase?: boolean; nonZero?: string },
): Promise<RollupInterval[]> {
  await dbReady();
  // The interval is an integer literal on both engines: PostgreSQL matches a GROUP BY expression by
  // its text (two parameters of the same value are two texts), and better-sqlite3 binds a JS number
  // as REAL, so `"minute" / ?` would not round down and every stored bucket came back as its own row.
  const size = Prisma.raw(String(Math.max(1, Math.trunc(options.intervalMinutes))));
  const keys = options.byPhase ? ["phase"] : [];
  const byKey = new Map<string, RollupInterval>();
  for (const p of rollupParts(scope)) {
    const bucket = Prisma.sql`(${p.time} / ${size})`;
    const group = Prisma.join([...keys.map((k) => ident(k)), bucket]);
    const select = Prisma.join([
      ...keys.map((k) => ident(k)),
      Prisma.sql`${bucket} * ${size}`,
      ...columns.map((c) => Prisma.sql`COALESCE(SUM(${ident(c)}), 0)`),
    ]);
    for (const r of await rawRows(Prisma.sql`SELECT ${select} FROM ${p.table} WHERE ${p.where} GROUP BY ${group}`)) {
      const phase = options.byPhase ? String(r[0]) : undefined;
      const start = Number(r[keys.length]);
      const id = `${phase ?? ""}\u0000${start}`;
      let row = byKey.get(id);
      if (!row) {
        row = { start, sums: Object.fromEntries(columns.map((c) => [c, 0])) };
        if (phase !== undefined) row.phase = phase;
        byKey.set(id, row);
      }
      const sums = row.sums;
      columns.forEach((c, i) => (sums[c] += Number(r[keys.length + 1 + i] ?? 0)));
    }
  }
  const rows = [...byKey.values()].filter((r) => !options.nonZero || r.sums[options.nonZero]! > 0);
  return rows.sort((a, b) => (a.phase === b.phase ? a.start - b.start : a.phase! < b.phase! ? -1 : 1));
}

/**
 * Per-minute sums of `columns` from the minute rows, ordered by minute, as arrays
 * `[minute, ...sums]` (array rows: for a month of minutes about twice as fast as objects).
 * Minutes without rows are left out.
 */
export async function rollupMinutes(scope: Omit<RollupScope, "minutesOnly">, columns: readonly string[]): Promise<number[][]> {
  await dbReady();
  const [p] = rollupParts({ ...scope, minutesOnly: true });
  const select = Prisma.join(columns.map((c) => Prisma.sql`SUM(${ident(c)})`));
  return (
    await rawRows(Prisma.sql`SELECT ${p!.time}, ${select} FROM ${p!.table} WHERE ${p!.where} GROUP BY ${p!.time} ORDER BY ${p!.time}`)
  ).map((r) => r.map((v) => Number(v ?? 0)));
}

/** Sums of `columns` per segment over the scope (one model's hours when `model` is set). */
export async function segmentSums(
  scope: RollupScope,
  columns: readonly string[],
): Promise<{ segment: string; sums: Record<string, number> }[]> {
  await dbReady();
  const bySegment = new Map<string, Record<string, number>>();
  const select = Prisma.join(columns.map((c) => Prisma.sql`COALESCE(SUM(${ident(c)}), 0)`));
  for (const p of rollupParts(scope)) {
    for (const [segment, ...sums] of await rawRows(
      Prisma.sql`SELECT "segment", ${select} FROM ${p.table} WHERE ${p.where} GROUP BY "segment"`,
    )) {
      const acc = bySegment.get(String(segment)) ?? Object.fromEntries(columns.map((c) => [c, 0]));
      columns.forEach((c, i) => (acc[c] += Number(sums[i] ?? 0)));
      bySegment.set(String(segment), acc);
    }
  }
  return [...bySegment].map(([segment, sums]) => ({ segment, sums }));
}

/**
 * Sums of `columns` per model from the hourly model rollup: the hours that start in [fromMinute
 * rounded down to its hour, toMinute), of the scope's phase, segment (and model, when set).
 * Outputs sent without a model are not in it.
 */
export async function modelSums(
  scope: RollupScope,
  columns: readonly string[],
): Promise<{ model: string; sums: Record<string, number> }[]> {
  await dbReady();
  const select = Prisma.join(columns.map((c) => Prisma.sql`COALESCE(SUM(${ident(c)}), 0)`));
  const where = scopeWhere(scope, "hour", Math.floor(scope.fromMinute / 60) * 60, scope.toMinute);
  const rows = await rawRows(Prisma.sql`SELECT "model", ${select} FROM "ModelBucket" WHERE ${where} GROUP BY "model" ORDER BY "model"`);
  return rows.map(([model, ...sums]) => ({
    model: String(model),
    sums: Object.fromEntries(columns.map((c, i) => [c, Number(sums[i] ?? 0)])),
  }));
}

/**
 * Sums of `columns` per interval (`intervalMinutes`, a multiple of 60) and model from the hourly
 * model rollup, over the same hours as modelSums; `start` is the interval's first minute.
 */
export async function modelSeries(
  scope: RollupScope,
  columns: readonly string[],
  intervalMinutes: number,
): Promise<{ start: number; model: string; sums: Record<string, number> }[]> {
  await dbReady();
  const size = Prisma.raw(String(Math.max(60, Math.trunc(intervalMinutes)))); // a literal: see rollupSeries
  const select = Prisma.join(columns.map((c) => Prisma.sql`COALESCE(SUM(${ident(c)}), 0)`));
  const where = scopeWhere(scope, "hour", Math.floor(scope.fromMinute / 60) * 60, scope.toMinute);
  const rows = await rawRows(
    Prisma.sql`SELECT ("hour" / ${size}) * ${size}, "model", ${select} FROM "ModelBucket" WHERE ${where} GROUP BY ("hour" / ${size}), "model" ORDER BY 1, 2`,
  );
  return rows.map(([start, model, ...sums]) => ({
    start: Number(start),
    model: String(model),
    sums: Object.fromEntries(columns.map((c, i) => [c, Number(sums[i] ?? 0)])),
  }));
}

/** The (phase, segment) pairs with rollup rows in the scope, in the order first met. */
export async function rollupSlices(scope: RollupScope): Promise<{ phase: string; segment: string }[]> {
  await dbReady();
  const seen = new Map<string, { phase: string; segment: string }>();
  for (const p of rollupParts(scope)) {
    for (const [phase, segment] of await rawRows(Prisma.sql`SELECT DISTINCT "phase", "segment" FROM ${p.table} WHERE ${p.where}`)) {
      seen.set(`${phase}\u0000${segment}`, { phase: String(phase), segment: String(segment) });
    }
  }
  return [...seen.values()];
}

/**
 * Sums of `columns` per segment and input type from the hourly slice rollups, over the hours that
 * start in [fromMinute rounded down to its hour, toMinute).
 */
export async function sliceSums(
  scope: Omit<RollupScope, "minutesOnly">,
  columns: readonly string[],
): Promise<{ segment: string; inputType: string; sums: Record<string, number> }[]> {
  await dbReady();
  const fromHour = Math.floor(scope.fromMinute / 60) * 60;
  const where = scopeWhere(scope, "hour", fromHour, scope.toMinute);
  const select = Prisma.join(columns.map((c) => Prisma.sql`COALESCE(SUM(${ident(c)}), 0)`));
  const rows = await rawRows(
    Prisma.sql`SELECT "segment", "inputType", ${select} FROM "SliceBucket" WHERE ${where} GROUP BY "segment", "inputType"`,
  );
  return rows.map(([segment, inputType, ...sums]) => ({
    segment: String(segment),
    inputType: String(inputType),
    sums: Object.fromEntries(columns.map((c, i) => [c, Number(sums[i] ?? 0)])),
  }));
}

// ---------------------------------------------------------------------------------------------
// Parts of a range, and the statement cache
// ---------------------------------------------------------------------------------------------

interface RollupPart {
  /** "MetricBucket", "HourBucket" or (one model's) "ModelBucket" */
  table: Prisma.Sql;
  /** its time column, in minutes ("minute" or "hour") */
  time: Prisma.Sql;
  where: Prisma.Sql;
}

function scopeWhere(s: Omit<RollupScope, "minutesOnly">, time: string, from: number, to: number): Prisma.Sql {
  const where = [Prisma.sql`"featureId" = ${s.featureId}`, Prisma.sql`${ident(time)} >= ${from}`, Prisma.sql`${ident(time)} < ${to}`];
  if (s.phase) where.push(Prisma.sql`"phase" = ${s.phase}`);
  if (s.segment) where.push(Prisma.sql`"segment" = ${s.segment}`);
  if (s.model) where.push(Prisma.sql`"model" = ${s.model}`);
  return Prisma.join(where, " AND ");
}

/** The scope's rows as at most three parts: whole hours, and the partial first and last hours. */
function rollupParts(s: RollupScope): RollupPart[] {
  const make = (table: "MetricBucket" | "HourBucket", time: string, from: number, to: number): RollupPart => ({
    table: ident(table),
    time: ident(time),
    where: scopeWhere(s, time, from, to),
  });
  if (s.model)
    return [
      { table: ident("ModelBucket"), time: ident("hour"), where: scopeWhere(s, "hour", Math.floor(s.fromMinute / 60) * 60, s.toMinute) },
    ];
  const firstHour = Math.ceil(s.fromMinute / 60) * 60;
  const lastHour = Math.floor(s.toMinute / 60) * 60;
  if (s.minutesOnly || firstHour >= lastHour) return [make("MetricBucket", "minute", s.fromMinute, s.toMinute)];
  const parts = [make("HourBucket", "hour", firstHour, lastHour)];
  if (s.fromMinute < firstHour) parts.push(make("MetricBucket", "minute", s.fromMinute, firstHour));
  if (lastHour < s.toMinute) parts.push(make("MetricBucket", "minute", lastHour, s.toMinute));
  return parts;
}

/** The rows of a read-only query, as arrays in select order (raw-sql.ts: one statement cache). */
const rawRows = readArrays;
