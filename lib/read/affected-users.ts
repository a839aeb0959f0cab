import { db, dbReady, Prisma } from "../db";

// "How many people does a pause affect?" Rollguard does not know the product's user base, only
// what it was told: outputs with a unit (user id or hash) and whether the AI answer was shown.
// The honest estimate is therefore the distinct units that were shown an AI answer in the
// feature's current phase over the last 24 hours — the people who would have got one again.

export const AFFECTED_WINDOW_MS = 24 * 3_600_000;

export interface AffectedUsersEstimate {
  /** distinct units shown an AI answer in the window */
  users: number;
  /** AI answers shown in the window (all units, and those without one) */
  answers: number;
  /** shown answers that carried no unit, so they cannot be counted as users */
  answersWithoutUser: number;
  /** the phase the count is for (the feature's current phase) */
  phase: string;
  /** window start and end, epoch ms */
  from: number;
  to: number;
}

export async function affectedUsersEstimate(
  featureId: string,
  phase: string,
  now = Date.now(),
  windowMs = AFFECTED_WINDOW_MS,
): Promise<AffectedUsersEstimate> {
  await dbReady();
  const from = now - windowMs;
  const [row] = await db.$queryRaw<{ users: bigint | number; answers: bigint | number; anonymous: bigint | number | null }[]>(Prisma.sql`
    SELECT COUNT(DISTINCT o."unit") AS "users", COUNT(*) AS "answers",
           SUM(CASE WHEN o."unit" IS NULL THEN 1 ELSE 0 END) AS "anonymous"
    FROM "Output" o
    WHERE o."featureId" = ${featureId} AND o."phase" = ${phase} AND o."shown" = ${true} AND o."at" >= ${from} AND o."at" <= ${now}`);
  return {
    users: Number(row?.users ?? 0),
    answers: Number(row?.answers ?? 0),
    answersWithoutUser: Number(row?.anonymous ?? 0),
    phase,
    from,
    to: now,
  };
}
