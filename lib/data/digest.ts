import { db, Prisma, writeTransaction } from "../db";
import { digestText, topPatterns, type DigestInput } from "../domain/digest";
import { weekStart, WEEK_MS } from "../domain/review-range";
import { AppError } from "../errors";
import { audit } from "./audit";
import { weeklyAgreement } from "../read/judge-agreement";
import { tagPatterns } from "./review";
import { enqueueWebhooks } from "./webhooks";

// The weekly digest of a feature's review and its sign-off by named reviewers.

export interface WeeklyDigest extends DigestInput {
  top: ReturnType<typeof topPatterns>;
  text: string;
  signOffs: { reviewer: string; note: string; at: number }[];
}

/** The digest of the week holding `week` (any time in it), as of `now`. */
export async function weeklyDigest(feature: { id: string; name: string }, week: number, now = Date.now()): Promise<WeeklyDigest> {
  const start = weekStart(week);
  const [patterns, agreement, [reviewed], [open], signOffs] = await Promise.all([
    tagPatterns(feature.id, start, 2),
    weeklyAgreement(feature.id, start, 1),
    db.$queryRaw<{ n: bigint | number }[]>(Prisma.sql`
      SELECT COUNT(*) AS "n" FROM "ReviewVerdict" WHERE "featureId" = ${feature.id} AND "at" >= ${start} AND "at" < ${start + WEEK_MS}`),
    db.$queryRaw<{ n: bigint | number }[]>(Prisma.sql`SELECT COUNT(*) AS "n" FROM "ReviewPending" WHERE "featureId" = ${feature.id} AND "at" < ${Math.min(now, start + WEEK_MS)}`),
    db.reviewSignOff.findMany({ where: { featureId: feature.id, week: BigInt(start) }, orderBy: { at: "asc" } }),
  ]);
  const input: DigestInput = {
    featureName: feature.name,
    week: start,
    patterns: patterns.tags.map((t) => ({ tag: t.tag, thisWeek: t.counts[1] ?? 0, lastWeek: t.counts[0] ?? 0 })),
    reviewed: Number(reviewed?.n ?? 0),
    open: Number(open?.n ?? 0),
    agreement: agreement[0]?.agreement ?? null,
    signedOffBy: signOffs.map((s) => s.reviewer),
  };
  return {
    ...input,
    top: topPatterns(input.patterns),
    text: digestText(input),
    signOffs: signOffs.map((s) => ({ reviewer: s.reviewer, note: s.note, at: Number(s.at) })),
  };
}

/**
 * `reviewer` signs the week off (again: their note is updated). Audited as review.sign_off; the
 * digest goes to the webhooks subscribed to `review.digest` (Slack format: `text` in mrkdwn).
 */
export async function signOffWeek(
  feature: { id: string; key: string; name: string },
  input: { week: number; note: string },
  reviewer: string,
  now = Date.now(),
): Promise<WeeklyDigest> {
  const week = weekStart(input.week);
  if (week > weekStart(now)) throw new AppError("week_in_future", 400, "A week can be signed off once it has begun: this one has not");
  await writeTransaction(async (tx) => {
    await tx.reviewSignOff.upsert({
      where: { featureId_week_reviewer: { featureId: feature.id, week: BigInt(week), reviewer } },
      create: { featureId: feature.id, week: BigInt(week), reviewer, note: input.note, at: BigInt(now) },
      update: { note: input.note, at: BigInt(now) },
    });
    await audit(tx, { actor: `user:${reviewer}`, action: "review.sign_off", target: feature.key, reason: input.note || null, after: { week: new Date(week).toISOString() } });
  });
  const digest = await weeklyDigest(feature, week, now);
  await writeTransaction((tx) =>
    enqueueWebhooks(tx, {
      event: "review.digest",
      featureId: feature.id,
      featureKey: feature.key,
      text: digest.text,
      details: { digest: { week: new Date(week).toISOString(), reviewed: digest.reviewed, open: digest.open, topPatterns: digest.top, signedOffBy: digest.signedOffBy } },
    }),
  );
  return digest;
}
