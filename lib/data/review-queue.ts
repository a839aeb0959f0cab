import { db, dbReady, Prisma, guardedWrite, writeTransaction } from "../db";
import { quantileOfRanks, quantilePosition } from "../domain/quantile";
import { QUEUE_REASON_BITS, reasonsOf, type QueueReason } from "../domain/queue-priority";
import { AppError, notFound } from "../errors";
import type { QueueFilter, QueueOrder } from "../schemas/review";
import { audit } from "./audit";
import { featureMetrics } from "../read/metrics";
import { ingestEvents, revertHumanVerdict, verdictBefore, type VerdictBefore } from "../use-cases/ingest";

// The human review queue: outputs flagged for review (by the product, or sampled by the phase's
// review rate at ingest) that no human and no ground truth has judged yet. By default what
// matters now comes first: the feature's current phase; in it the random sample (sampled by the
// review rate) newest first, then the other items by stored priority (output time plus the head
// start its reasons earn, lib/domain/queue-priority.ts); oldest first throughout on request. A
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
  /** null: the output came without one */
  confidence: number | null;
  shown: boolean;
  phase: string;
  segment: string;
  inputType: string | null;
  model: string | null;
  input: string | null;
  output: string | null;
  claimExpiresAt: number;
  /** why it is in the queue, most pressing first */
  reasons: QueueReason[];
}

/** How the queue is served: the order, the filters and the phase that counts as current. */
export interface QueueView {
  order: QueueOrder;
  filter: QueueFilter;
  currentPhase: string | null;
}

export const DEFAULT_VIEW: QueueView = { order: "risk", filter: {}, currentPhase: null };

// What waits is the ReviewPending table, kept by ingest: a flagged output enters it, a human or
// ground-truth label takes it out. The reads below never walk the judged history.

/**
 * Takes (or renews) a claim for `reviewer`: their own live claim when they have one (a reload
 * resumes it), else the oldest waiting output that nobody else holds and they did not skip.
 * The claim is a conditional upsert, so two reviewers racing for one item cannot both win,
 * even from different app instances. Returns null when nothing is left for this reviewer.
 */
export async function claimNext(
  featureId: string,
  reviewer: string,
  now = Date.now(),
  ttlMs = CLAIM_TTL_MS,
  view: QueueView = DEFAULT_VIEW,
): Promise<QueueItem | null> {
  await dbReady();
  const mine = await db.$queryRaw<{ id: string }[]>(Prisma.sql`
    SELECT p."outputId" AS "id" FROM "ReviewClaim" c JOIN "ReviewPending" p ON p."outputId" = c."outputId"
    WHERE c."featureId" = ${featureId} AND c."claimedBy" = ${reviewer} AND c."expiresAt" > ${now} ${filterSql(view.filter)}
    ORDER BY p."at", p."outputId" LIMIT 1`);
  const tried = new Set<string>();
  // Oldest first means oldest first: the walk below finds the item this reviewer holds when it is
  // the oldest, and an older free item when there is one (in risk order the held item comes first).
  const resume = mine.length > 0 && view.order !== "oldest";
  for (let attempt = 0; attempt < 5; attempt++) {
    const ids = resume && attempt === 0 ? mine : await nextFree(featureId, reviewer, now, [...tried], view);
    if (ids.length === 0) return null;
    for (const { id } of ids) {
      tried.add(id);
      if (await takeClaim(id, featureId, reviewer, now, ttlMs)) {
        await releaseOtherClaims(id, featureId, reviewer, now);
        return queueItem(id, now + ttlMs);
      }
    }
  }
  return null;
}

/** A reviewer holds one item of a feature at a time: the one taken now; any other goes back to the queue (skips are kept). */
async function releaseOtherClaims(outputId: string, featureId: string, reviewer: string, now: number) {
  await guardedWrite(() =>
    db.$executeRaw(Prisma.sql`
      UPDATE "ReviewClaim" SET "expiresAt" = ${now}
      WHERE "featureId" = ${featureId} AND "claimedBy" = ${reviewer} AND "outputId" <> ${outputId} AND "expiresAt" > ${now}`),
  );
}

function filterSql(f: QueueFilter) {
  const parts: Prisma.Sql[] = [];
  if (f.phase) parts.push(Prisma.sql`AND p."phase" = ${f.phase}`);
  if (f.segment) parts.push(Prisma.sql`AND p."segment" = ${f.segment}`);
  if (f.inputType) parts.push(Prisma.sql`AND p."inputType" = ${f.inputType}`);
  if (f.reason) parts.push(Prisma.sql`AND (p."flags" & ${QUEUE_REASON_BITS[f.reason]}) <> 0`);
  return parts.length ? Prisma.join(parts, " ") : Prisma.empty;
}

/**
 * Up to 5 waiting items nobody else holds and this reviewer did not skip, in the view's order.
 * Risk order: the current phase's items by priority first (one walk of the (featureId, phase,
 * priority) index), then the other phases'.
 */
async function nextFree(featureId: string, reviewer: string, now: number, exclude: string[], view: QueueView) {
  const notTried = exclude.length > 0 ? Prisma.sql`AND p."outputId" NOT IN (${Prisma.join(exclude)})` : Prisma.empty;
  const pick = (extra: Prisma.Sql, order: Prisma.Sql) =>
    db.$queryRaw<{ id: string }[]>(Prisma.sql`
      SELECT p."outputId" AS "id" FROM "ReviewPending" p LEFT JOIN "ReviewClaim" c ON c."outputId" = p."outputId"
      WHERE p."featureId" = ${featureId} ${notTried} ${filterSql(view.filter)} ${extra}
        AND (c."outputId" IS NULL OR c."expiresAt" <= ${now} OR c."claimedBy" = ${reviewer})
        AND (c."skippedBy" IS NULL OR c."skippedBy" <> ${reviewer})
      ORDER BY ${order} LIMIT 5`);
  const oldest = Prisma.sql`p."at", p."outputId"`;
  if (view.order === "oldest") return pick(Prisma.empty, oldest);
  const byPriority = Prisma.sql`p."priority" DESC, p."outputId"`;
  // The random sample first, newest first by output time, whatever its risk: served by risk, the
  // sampled items a judge or a thumb singled out would be labelled first under a backlog and the
  // labelled part of the sample would no longer be random (issue 23: only random verdicts correct
  // the judge). Newest rather than oldest first: the order depends on time alone either way, and the
  // pairs land where the figures of the last days (and the 7-day correction window) can use them,
  // instead of on a stale backlog.
  const sampled = Prisma.sql`AND (p."flags" & ${QUEUE_REASON_BITS.sampled}) <> 0`;
  const targeted = Prisma.sql`AND (p."flags" & ${QUEUE_REASON_BITS.sampled}) = 0`;
  const newest = Prisma.sql`p."at" DESC, p."outputId"`;
  // Ahead of everything: outputs sent to confirm an alert raised on the judge's verdicts alone
  // (lib/data/judge-confirm.ts), newest first — unless they belong to the random sample, which
  // keeps its own order so that its labelled part stays random.
  const confirm = Prisma.sql`AND (p."flags" & ${QUEUE_REASON_BITS.confirm_alert}) <> 0 ${targeted}`;
  const inOrder = async (parts: [Prisma.Sql, Prisma.Sql][]) => {
    for (const [extra, order] of parts) {
      const ids = await pick(extra, order);
      if (ids.length > 0) return ids;
    }
    return [];
  };
  const current = view.currentPhase;
  if (!current || view.filter.phase) return inOrder([[confirm, newest], [sampled, newest], [targeted, byPriority]]);
  const here = Prisma.sql`AND p."phase" = ${current}`;
  const elsewhere = Prisma.sql`AND p."phase" <> ${current}`;
  return inOrder([
    [confirm, newest],
    [Prisma.sql`${here} ${sampled}`, newest],
    [Prisma.sql`${here} ${targeted}`, byPriority],
    [Prisma.sql`${elsewhere} ${sampled}`, newest],
    [Prisma.sql`${elsewhere} ${targeted}`, byPriority],
  ]);
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
  const [o, p] = await Promise.all([db.output.findUnique({ where: { id } }), db.reviewPending.findUnique({ where: { outputId: id }, select: { flags: true } })]);
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
    reasons: reasonsOf(p?.flags ?? 0),
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
  note = "",
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
  const before = await verdictBefore(outputId);
  const result = await ingestEvents(
    [{ type: "label", feature: feature.key, outputId: output.clientId, correct: verdict === "correct", source: "human", reviewer: reviewer.slice(0, 100), timestamp: now }],
    now,
  );
  if (result.rejected.length > 0) throw new AppError("verdict_rejected", 422, result.rejected[0].message);
  await guardedWrite(() =>
    db.reviewDecision.create({
      data: { featureId: feature.id, outputId, reviewer, verdict, note, at: BigInt(now), before: JSON.stringify(before) },
    }),
  );
  await guardedWrite(() => db.reviewClaim.deleteMany({ where: { outputId, claimedBy: reviewer } }));
  return { verdict, outputId };
}

/**
 * Undoes `reviewer`'s last verdict in this feature's queue (not yet undone): the human label, the
 * queue row and the latency row are put back as they were, and the rollups (accuracy) move back
 * by exactly the change the verdict made. The item is handed back to the reviewer. 404 when there
 * is nothing to undo; 409 when the output was judged again since (the undo would lose that).
 */
export async function undoLastVerdict(
  feature: { id: string },
  reviewer: string,
  now = Date.now(),
): Promise<{ outputId: string; verdict: string; item: QueueItem | null }> {
  const last = await db.reviewDecision.findFirst({
    where: { featureId: feature.id, reviewer, undoneAt: null },
    orderBy: { id: "desc" },
  });
  if (!last) throw new AppError("nothing_to_undo", 404, "You have no verdict to undo in this queue");
  const before = JSON.parse(last.before) as VerdictBefore;
  if (!(await revertHumanVerdict(last.outputId, last.verdict === "correct", before))) {
    throw new AppError("changed_since", 409, "This output was judged again since your verdict; undo would lose that verdict");
  }
  await guardedWrite(() => db.reviewDecision.update({ where: { id: last.id }, data: { undoneAt: BigInt(now) } }));
  const item = before.pending && (await takeClaim(last.outputId, feature.id, reviewer, now, CLAIM_TTL_MS)) ? await queueItem(last.outputId, now + CLAIM_TTL_MS) : null;
  return { outputId: last.outputId, verdict: last.verdict, item };
}

/**
 * Takes every waiting item whose output is older than `olderThanDays` out of the queue, keeping
 * who set it aside, when and why; one audit event (review.set_aside) with the count. Items held
 * by a reviewer right now stay.
 */
export async function setAsideOlder(
  feature: { id: string; key: string },
  input: { olderThanDays: number; reason: string },
  by: string,
  now = Date.now(),
): Promise<{ setAside: number; cutoff: number }> {
  const cutoff = now - input.olderThanDays * DAY_MS;
  const setAside = await writeTransaction(async (tx) => {
    const held = Prisma.sql`NOT EXISTS (SELECT 1 FROM "ReviewClaim" c WHERE c."outputId" = p."outputId" AND c."expiresAt" > ${now})`;
    const n = await tx.$executeRaw(Prisma.sql`
      INSERT INTO "ReviewSetAside" ("outputId", "featureId", "at", "reason", "setAsideBy", "setAsideAt")
      SELECT p."outputId", p."featureId", p."at", ${input.reason}, ${by}, ${now} FROM "ReviewPending" p
      WHERE p."featureId" = ${feature.id} AND p."at" < ${cutoff} AND ${held}
      ON CONFLICT ("outputId") DO UPDATE SET "reason" = excluded."reason", "setAsideBy" = excluded."setAsideBy", "setAsideAt" = excluded."setAsideAt"`);
    await tx.$executeRaw(Prisma.sql`
      DELETE FROM "ReviewPending" WHERE "outputId" IN (
        SELECT p."outputId" FROM "ReviewPending" p WHERE p."featureId" = ${feature.id} AND p."at" < ${cutoff} AND ${held})`);
    await audit(tx, {
      actor: `user:${by}`,
      action: "review.set_aside",
      target: feature.key,
      reason: input.reason,
      after: { setAside: n, olderThan: new Date(cutoff).toISOString() },
    });
    return n;
  });
  return { setAside, cutoff };
}

export interface ReviewQueueStats {
  /** outputs waiting for a human verdict */
  depth: number;
  /** human verdicts given since 00:00 UTC today */
  doneToday: number;
  /** items set aside in bulk (all time) */
  setAside: number;
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
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const [[queue], [claims], latency, [done], [aside]] = await Promise.all([
    db.$queryRaw<{ depth: bigint | number; oldestAt: bigint | number | null }[]>(Prisma.sql`
      SELECT COUNT(*) AS "depth", MIN(p."at") AS "oldestAt" FROM "ReviewPending" p WHERE p."featureId" = ${featureId}`),
    db.$queryRaw<{ n: bigint | number }[]>(Prisma.sql`
      SELECT COUNT(*) AS "n" FROM "ReviewClaim" c WHERE c."featureId" = ${featureId} AND c."expiresAt" > ${now}`),
    reviewLatency(featureId, since),
    db.$queryRaw<{ n: bigint | number }[]>(Prisma.sql`
      SELECT COUNT(*) AS "n" FROM "ReviewVerdict" v WHERE v."featureId" = ${featureId} AND v."at" >= ${today}`),
    db.$queryRaw<{ n: bigint | number }[]>(Prisma.sql`SELECT COUNT(*) AS "n" FROM "ReviewSetAside" s WHERE s."featureId" = ${featureId}`),
  ]);
  return {
    depth: Number(queue?.depth ?? 0),
    oldestAt: queue?.oldestAt === null || queue?.oldestAt === undefined ? null : Number(queue.oldestAt),
    claimed: Number(claims?.n ?? 0),
    doneToday: Number(done?.n ?? 0),
    setAside: Number(aside?.n ?? 0),
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

export interface QueueFigures extends ReviewQueueStats {
  /** the feature's production accuracy over the last 7 days (every label source), which verdicts move */
  accuracy: { correct: number; labelled: number };
}

/** The queue page's live counters and the accuracy figure a verdict (or its undo) moves. */
export async function queueFigures(featureId: string, now = Date.now()): Promise<QueueFigures> {
  const [stats, metrics] = await Promise.all([
    reviewQueueStats(featureId, now),
    featureMetrics(featureId, { from: now - 7 * DAY_MS, to: now + 60_000, interval: "day" }),
  ]);
  return { ...stats, accuracy: { correct: metrics.totals.correct, labelled: metrics.totals.labelled } };
}

/** Input types among the waiting items (for the queue's filter). */
export async function waitingInputTypes(featureId: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ t: string }[]>(Prisma.sql`
    SELECT DISTINCT p."inputType" AS "t" FROM "ReviewPending" p WHERE p."featureId" = ${featureId} AND p."inputType" IS NOT NULL LIMIT 50`);
  return rows.map((r) => r.t).sort();
}
