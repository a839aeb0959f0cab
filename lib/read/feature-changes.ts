import { db, dbReady } from "../db";
import { CHANGE_ACTIONS, toFeatureChanges, type FeatureChange } from "../domain/feature-changes";

// A feature's change history from the audit log: rows whose target is the feature's key, or one
// of its rules ("<key>/<rule id>"). The audit's (target, at) index serves both.

export async function featureChanges(featureKey: string, options: { from?: number; limit?: number } = {}): Promise<FeatureChange[]> {
  await dbReady();
  const at = options.from === undefined ? undefined : { gte: new Date(options.from) };
  const rows = await db.auditEvent.findMany({
    where: {
      OR: [{ target: featureKey }, { target: { startsWith: `${featureKey}/` } }],
      action: { in: Object.keys(CHANGE_ACTIONS) },
      ...(at ? { at } : {}),
    },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: options.limit ?? 200,
    select: { id: true, at: true, actor: true, action: true, target: true, reason: true, after: true },
  });
  return toFeatureChanges(rows);
}
