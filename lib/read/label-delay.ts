import { dbReady, Prisma } from "../db";
import { MINUTE_MS } from "../domain/buckets";
import { DELAY_EDGES_MIN } from "../domain/label-delay";
import { LABEL_DELAY_WINDOW_DAYS, LABEL_SOURCES, type DelayHistograms, type LabelSourceName } from "../domain/live-delay";
import { readRows } from "../store/raw-sql";

// A feature's label delays (issue 23, part 5): per source, a histogram (DELAY_EDGES_MIN) of how long
// after its output each label arrived, over the labels given in a recent window only — the 30 days
// before the range's end, at most the 50 000 most recent labels (the scan is bounded by the label
// index on feature and time, never the feature's whole history).
//
// "Arrived" is when Rollguard received the label, against the output's own time — the delay a live
// rule waits for. An output sent long after its own time (a backfill, the demo's seed) says nothing
// about when its labels came in live: there the label's own timestamp stands for its arrival.

/** An output received this long after its own time was backfilled: its labels are timed by their timestamps. */
export const BACKFILL_MS = 60 * MINUTE_MS;

/** The most recent labels read (a histogram needs no more; at a label a second, 30 days hold 2.6 M). */
export const MAX_LABELS = 50_000;

// constants written into the text (numbers of ours): one statement per engine, grouped by position
const ARRIVAL = `(CASE WHEN o."receivedAt" - o."at" < ${BACKFILL_MS} THEN l."receivedAt" ELSE l."at" END) - o."at"`;
const BIN = `CASE ${DELAY_EDGES_MIN.slice(0, -1)
  .map((edge, i) => `WHEN "d" < ${edge * MINUTE_MS} THEN ${i}`)
  .join(" ")} ELSE ${DELAY_EDGES_MIN.length - 1} END`;

/**
 * Per source, the histogram of label delays of the labels given in the `windowDays` before `now` —
 * at most the MAX_LABELS most recent (by the label index, newest first) — sources without labels left out.
 */
export async function labelDelayHistograms(
  featureId: string,
  now: number,
  windowDays = LABEL_DELAY_WINDOW_DAYS,
  maxLabels = MAX_LABELS,
): Promise<DelayHistograms> {
  await dbReady();
  const rows = await readRows<{ source: string; bin: unknown; n: unknown }>(Prisma.sql`
    SELECT "source", ${Prisma.raw(BIN)} AS "bin", COUNT(*) AS "n" FROM (
      SELECT l."source" AS "source", ${Prisma.raw(ARRIVAL)} AS "d"
      FROM (
        SELECT "outputId", "source", "at", "receivedAt" FROM "Label"
        WHERE "featureId" = ${featureId} AND "at" >= ${now - windowDays * 1440 * MINUTE_MS} AND "at" < ${now + MINUTE_MS}
        ORDER BY "at" DESC LIMIT ${maxLabels}
      ) l JOIN "Output" o ON o."id" = l."outputId"
    ) x GROUP BY 1, 2`);
  const out: DelayHistograms = {};
  for (const r of rows) {
    if (!LABEL_SOURCES.includes(r.source as LabelSourceName)) continue;
    const h = (out[r.source as LabelSourceName] ??= DELAY_EDGES_MIN.map(() => 0));
    (h as number[])[Number(r.bin)] += Number(r.n);
  }
  return out;
}
