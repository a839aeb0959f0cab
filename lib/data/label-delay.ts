import { dbReady, Prisma } from "../db";
import { MINUTE_MS } from "../domain/buckets";
import { DELAY_EDGES_MIN } from "../domain/label-delay";
import { LABEL_DELAY_WINDOW_DAYS, LABEL_SOURCES, type DelayHistograms, type LabelSourceName } from "../domain/live-delay";
import { readRows } from "./raw-sql";

// A feature's label delays (issue 23, part 5): per source, a histogram (DELAY_EDGES_MIN) of how long
// after its output each label arrived, over the labels given in a recent window only (the scan is
// bounded by the label index on feature and time, not the feature's whole history).
//
// "Arrived" is when Rollguard received the label, against the output's own time — the delay a live
// rule waits for. An output sent long after its own time (a backfill, the demo's seed) says nothing
// about when its labels came in live: there the label's own timestamp stands for its arrival.

/** An output received this long after its own time was backfilled: its labels are timed by their timestamps. */
export const BACKFILL_MS = 60 * MINUTE_MS;

const binCase = () => {
  // constants written into the text (numbers of ours): one statement per engine, grouped by position
  const delay = `(CASE WHEN o."receivedAt" - o."at" < ${BACKFILL_MS} THEN l."receivedAt" ELSE l."at" END) - o."at"`;
  const whens = DELAY_EDGES_MIN.slice(0, -1).map((edge, i) => `WHEN ${delay} < ${edge * MINUTE_MS} THEN ${i}`);
  return Prisma.raw(`CASE ${whens.join(" ")} ELSE ${DELAY_EDGES_MIN.length - 1} END`);
};

/** Per source, the histogram of label delays of labels given in the `windowDays` before `now` (sources without labels left out). */
export async function labelDelayHistograms(featureId: string, now: number, windowDays = LABEL_DELAY_WINDOW_DAYS): Promise<DelayHistograms> {
  await dbReady();
  const rows = await readRows<{ source: string; bin: unknown; n: unknown }>(Prisma.sql`
    SELECT l."source" AS "source", ${binCase()} AS "bin", COUNT(*) AS "n"
    FROM "Label" l JOIN "Output" o ON o."id" = l."outputId"
    WHERE l."featureId" = ${featureId} AND l."at" >= ${now - windowDays * 1440 * MINUTE_MS} AND l."at" < ${now + MINUTE_MS}
    GROUP BY 1, 2`);
  const out: DelayHistograms = {};
  for (const r of rows) {
    if (!LABEL_SOURCES.includes(r.source as LabelSourceName)) continue;
    const h = (out[r.source as LabelSourceName] ??= DELAY_EDGES_MIN.map(() => 0));
    (h as number[])[Number(r.bin)] += Number(r.n);
  }
  return out;
}
