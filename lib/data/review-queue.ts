import { db, dbReady, Prisma, guardedWrite } from "../db";
import { quantileOfRanks, quantilePosition } from "../domain/quantile";
import { AppError, notFound } from "../errors";
import { ingestEvents } from "./ingest";

// The human review queue: outputs flagged for review (by the product, or sampled by the phase's
// review rate at ingest) that no human and no ground truth has judged yet, oldest first. A
// reviewer claims one item at a time; the claim lapses after CLAIM_TTL_MS so that an abandoned
// item returns to the queue, and while it holds nobody else is handed the item. A verdict is a
// `human` label written through the ingest path, so the rollups count it exactly once.

export const CLAIM_TTL_MS = 10 * 60_000;
const DAY_MS = 86_400_000;

export interface QueueItem {
  /** stored id "<featureId>:<clientId>" */
  id: string;
  clientId: string;
  at: number;
  confidence: number;
  shown: boolean;
  phase: string;
  segment: string;
  inputType: string | null;
  model: string | null;
  input: string | null;
  output: string | null;
  claimExpiresAt: number;
}

// What waits is the ReviewPending table, kept by ingest: a flagged output enters it, a human or
// ground-truth label takes it out. The reads below never walk the judged history.

/**
 * Takes (or renews) a claim for `reviewer`: their own live claim when they have one (a reload
 * resumes it), else the oldest waiting output that nobody else holds and they did not skip.
 * The claim is a conditional upsert, so two reviewers racing for one item cannot both win,
 * even from different app instances. Returns null when nothing is left for this reviewer.
 */
export async function claimNext(featureId: string, reviewer: string, now = Date.now(), ttlMs = CLAIM_TTL_MS): Promise<QueueItem | null> {
  await dbReady();
  const mine = await db.$queryRaw<{ id: string }[]>(Prisma.sql`
    SELECT p."outputId" AS "id" FROM "ReviewClaim" c JOIN "ReviewPending" p ON p."outputId" = c."outputId"
    WHERE c."featureId" = ${featureId} AND c."claimedBy" = ${reviewer} AND c."expiresAt" > ${now}
    ORDER BY p."at", p."outputId" LIMIT 1`);
  const tried = new Set<string>();
  for (let attempt = 0; attempt < 5; attempt++) {
    const ids = mine.length > 0 && attempt === 0 ? mine : await oldestFree(featureId, reviewer, now, [...tried]);
    if (ids.length === 0) return null;
    for (const { id } of ids) {
      tried.add(id);
      if (await takeClaim(id, featureId, reviewer, now, ttlMs)) return queueItem(id, now + ttlMs);
    }
  }
  return null;
}

async function oldestFree(featureId: string, reviewer: string, now: number, exclude: string[]) {
  const notTried = exclude.length > 0 ? Prisma.sql`AND p."outputId" NOT IN (${Prisma.join(exclude)})` : Prisma.empty;
  return db.$queryRaw<{ id: string }[]>(Prisma.sql`
    SELECT p."outputId" AS "id" FROM "ReviewPending" p LEFT JOIN "ReviewClaim" c ON c."outputId" = p."outputId"
    WHERE p."featureId" = ${featureId} ${notTried}
      AND (c."outputId" IS NULL OR c."expiresAt" <= ${now} OR c."claimedBy" = ${reviewer})
      AND (c."skippedBy" IS NULL OR c."skippedBy" <> ${reviewer})
    ORDER BY p."at", p."outputId" LIMIT 5`);
}

/** true when `reviewer` now holds the claim (it was free, lapsed, or already theirs). */
async function takeClaim(outputId: string, featureId: string, reviewer: string, now: number, ttlMs: number): Promise<boolean> {
  const changed = await guardedWrite(() =>
    db.$executeRaw(Prisma.sql`
      INSERT INTO "ReviewClaim" ("outputId", "featureId", "claimedBy", "claimedAt", "expiresAt")
      VALUES (${outputId}, ${featureId}, ${reviewer}, ${now}, ${now + ttlMs})
      ON CONFLICT ("outputId") DO UPDATE SET "claimedBy" = excluded."claimedBy", "claimedAt" = excluded."claimedAt",
        "expiresAt" = excluded."expiresAt"
      WHERE "ReviewClaim"."expiresAt" <= ${now} OR "ReviewClaim"."claimedBy" = excluded."claimedBy"`),
  );
  return changed === 1;
}

async function queueItem(id: string, claimExpiresAt: number): Promise<QueueItem | null> {
  const o = await db.output.findUnique({ where: { id } });
  if (!o) return null;
  return {
    id: o.id,
    clientId: o.clientId,
    at: Number(o.at),
    confidence: o.confidence,
    shown: o.shown,
    phase: o.phase,
    segment: o.segment,
    inputType: o.inputType,
    model: o.model,
    input: o.input,
    output: o.output,
    claimExpiresAt,
  };
}

export type QueueVerdict = "correct" | "incorrect" | "skip";

/**
 * Records a reviewer's verdict on an output of the feature. "correct"/"incorrect" write a `human`
 * label (reviewer = who) through ingest and free the claim; "skip" frees the claim and keeps the
 * item away from this reviewer. 409 when another reviewer holds a live claim on it.
 */
export async function recordVerdict(
  feature: { id: string; key: string },
  outputId: string,
  verdict: QueueVerdict,
  reviewer: string,
  now = Date.now(),
): Promise<{ verdict: QueueVerdict; outputId: string }> {
  const output = await db.output.findUnique({ where: { id: outputId }, select: { featureId: true, clientId: true } });
  if (!output || output.featureId !== feature.id) throw notFound("No such output for this feature");
  // Hold the claim while the verdict is written: nobody else may judge it at the same moment.
  if (!(await takeClaim(outputId, feature.id, reviewer, now, CLAIM_TTL_MS))) {
    throw new AppError("claimed_by_other", 409, "Another reviewer holds this item; it returns to the queue if they leave it");
  }
  if (verdict === "skip") {
    await guardedWrite(() =>
      db.reviewClaim.updateMany({ where: { outputId, claimedBy: reviewer }, data: { expiresAt: BigInt(now), skippedBy: reviewer } }),
    );
    return { verdict, outputId };
  }
  const result = await ingestEvents(
    [{ type: "label", feature: feature.key, outputId: output.clientId, correct: verdict === "correct", source: "human", reviewer: reviewer.slice(0, 100), timestamp: now }],
    now,
  );
  if (result.rejected.length > 0) throw new AppError("verdict_rejected", 422, result.rejected[0].message);
  await guardedWrite(() => db.reviewClaim.deleteMany({ where: { outputId, claimedBy: reviewer } }));
  return { verdict, outputId };
}

export interface ReviewQueueStats {
  /** outputs waiting for a human verdict */
  depth: number;
  /** time of the oldest waiting output (epoch ms), null when none wait */
  oldestAt: number | null;
  /** items someone is looking at right now */
  claimed: number;
  /** human verdicts on flagged outputs in the last 7 days */
  reviewedLast7Days: number;
  /** output time to human verdict, over the last 7 days' verdicts (the newest LATENCY_SAMPLE of them when there are more) */
  latencyMedianMs: number | null;
  latencyP90Ms: number | null;
}

/** Queue depth and review latency for the feature page. */
export async function reviewQueueStats(featureId: string, now = Date.now()): Promise<ReviewQueueStats> {
  await dbReady();
  const since = now - 7 * DAY_MS;
  const [[queue], [claims], latency] = await Promise.all([
    db.$queryRaw<{ depth: bigint | number; oldestAt: bigint | number | null }[]>(Prisma.sql`
      SELECT COUNT(*) AS "depth", MIN(p."at") AS "oldestAt" FROM "ReviewPending" p WHERE p."featureId" = ${featureId}`),
    db.$queryRaw<{ n: bigint | number }[]>(Prisma.sql`
      SELECT COUNT(*) AS "n" FROM "ReviewClaim" c WHERE c."featureId" = ${featureId} AND c."expiresAt" > ${now}`),
    reviewLatency(featureId, since),
  ]);
  return {
    depth: Number(queue?.depth ?? 0),
    oldestAt: queue?.oldestAt === null || queue?.oldestAt === undefined ? null : Number(queue.oldestAt),
    claimed: Number(claims?.n ?? 0),
    reviewedLast7Days: latency.n,
    latencyMedianMs: latency.median === null ? null : Math.round(latency.median),
    latencyP90Ms: latency.p90 === null ? null : Math.round(latency.p90),
  };
}

/** The review latency figures describe at most this many of the newest verdicts (exact below it). */
export const LATENCY_SAMPLE = 5000;

/**
 * Median and p90 of the wait from output to human verdict over the newest verdicts since `since`
 * (at most LATENCY_SAMPLE of them: sorting every verdict of a busy week cost ~150 ms at 70 k), and
 * how many verdicts there were. Only the order statistics the quantiles need leave the database.
 */
async function reviewLatency(featureId: string, since: number) {
  const where = Prisma.sql`"featureId" = ${featureId} AND "at" >= ${since}`;
  const [{ n: count }] = await db.$queryRaw<{ n: bigint | number }[]>(Prisma.sql`SELECT COUNT(*) AS "n" FROM "ReviewVerdict" WHERE ${where}`);
  const n = Number(count);
  const sample = Math.min(n, LATENCY_SAMPLE);
  if (sample === 0) return { n, median: null, p90: null };
  const ranks = [...new Set([0.5, 0.9].flatMap((q) => [quantilePosition(sample, q).lo, quantilePosition(sample, q).hi]))];
  const rows = await db.$queryRaw<{ rank: bigint | number; waitMs: bigint | number }[]>(Prisma.sql`
    SELECT "rank", "waitMs" FROM (
      SELECT "waitMs", ROW_NUMBER() OVER (ORDER BY "waitMs") - 1 AS "rank"
      FROM (SELECT "waitMs" FROM "ReviewVerdict" WHERE ${where} ORDER BY "at" DESC LIMIT ${LATENCY_SAMPLE}) AS "newest"
    ) AS "ordered" WHERE "rank" IN (${Prisma.join(ranks)})`);
  const byRank = new Map(rows.map((r) => [Number(r.rank), Math.max(0, Number(r.waitMs))]));
  const at = (rank: number) => byRank.get(rank) ?? 0;
  return { n, median: quantileOfRanks(sample, 0.5, at), p90: quantileOfRanks(sample, 0.9, at) };
}
