import { db } from "../db";

/**
 * Whether the product ever sent this feature a signal (an output, a pre-counted accuracy sample or a
 * ticket; labels and thumbs need an output first). A feature without one shows how to integrate
 * instead of empty charts.
 */
export async function featureHasEvents(featureId: string): Promise<boolean> {
  const [output, sample, ticket] = await Promise.all([
    db.output.findFirst({ where: { featureId }, select: { id: true } }),
    db.accuracySample.findFirst({ where: { featureId }, select: { id: true } }),
    db.ticketMention.findFirst({ where: { featureId }, select: { id: true } }),
  ]);
  return Boolean(output || sample || ticket);
}
