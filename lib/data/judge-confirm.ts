import { db, dbReady, Prisma, writeTransaction } from "../db";
import { flagsOf, JUDGE_CONFIRM_LIMIT, QUEUE_CONFIDENT, QUEUE_REASON_BITS, queuePriority } from "../domain/queue-priority";
import type { Slice } from "../domain/sequential-rule";

// An alert raised on the judge's verdicts alone (issue 23, part 4) asks people to confirm it: the
// slice's latest outputs the judge said wrong, that no person has judged yet, go to the front of
// the review queue (reason "confirm_alert": a tier of its own in lib/data/review-queue.ts). A
// bounded number, newest first, read through the outputs' (featureId, at) index.

/**
 * Sends up to `limit` of the slice's outputs in [since, until] (ms) that the judge said wrong and
 * no human or ground truth has labelled to the front of the review queue; an output already
 * waiting keeps its reasons and gains this one. Returns how many are now there for confirmation.
 */
export async function sendForConfirmation(
  featureId: string,
  slice: Slice,
  since: number,
  until: number,
  limit = JUDGE_CONFIRM_LIMIT,
): Promise<number> {
  await dbReady();
  const segment = slice.segment === null ? Prisma.empty : Prisma.sql`AND o."segment" = ${slice.segment}`;
  const rows = await db.$queryRaw<{ id: string; at: bigint | number; phase: string; segment: string; inputType: string | null; confidence: number }[]>(Prisma.sql`
    SELECT o."id", o."at", o."phase", o."segment", o."inputType", o."confidence" FROM "Output" o
    WHERE o."featureId" = ${featureId} AND o."at" >= ${since} AND o."at" <= ${until} AND o."phase" = ${slice.phase} ${segment}
      AND EXISTS (SELECT 1 FROM "Label" j WHERE j."outputId" = o."id" AND j."source" = 'heuristic' AND j."correct" = FALSE)
      AND NOT EXISTS (SELECT 1 FROM "Label" p WHERE p."outputId" = o."id" AND p."source" IN ('human', 'ground_truth'))
    ORDER BY o."at" DESC LIMIT ${limit}`);
  if (rows.length === 0) return 0;
  await writeTransaction(async (tx) => {
    const waiting = new Map(
      (await tx.reviewPending.findMany({ where: { outputId: { in: rows.map((r) => r.id) } }, select: { outputId: true, flags: true } })).map((p) => [p.outputId, p.flags]),
    );
    for (const r of rows) {
      const at = Number(r.at);
      const before = waiting.get(r.id);
      const reasons = flagsOf(["confirm_alert", "judge_wrong", ...(r.confidence >= QUEUE_CONFIDENT ? (["confident"] as const) : [])]);
      if (before !== undefined) {
        if ((before & QUEUE_REASON_BITS.confirm_alert) !== 0) continue;
        const flags = before | reasons;
        await tx.reviewPending.update({ where: { outputId: r.id }, data: { flags, priority: BigInt(queuePriority(at, flags)) } });
      } else {
        await tx.reviewPending.create({
          data: {
            outputId: r.id,
            featureId,
            at: BigInt(at),
            phase: r.phase,
            segment: r.segment,
            inputType: r.inputType,
            confidence: r.confidence,
            flags: reasons,
            priority: BigInt(queuePriority(at, reasons)),
          },
        });
      }
    }
  });
  return rows.length;
}
