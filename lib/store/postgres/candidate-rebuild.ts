import { pgRows } from "./pg-sql";
import { rebuildWindowPostgres } from "../../data/worst-candidates";
import type { CandidateRebuildStore } from "../candidate-rebuild";

/** The WorstCandidate rebuild on PostgreSQL: prepared statements of the pool. */
export const postgresCandidateRebuild: CandidateRebuildStore = {
  async featureIds() {
    return (await pgRows<{ id: string }>(`SELECT "id" FROM "Feature" ORDER BY "id"`)).map((r) => r.id);
  },
  async outputSpan(featureId) {
    return (
      await pgRows<{ lo: number | null; hi: number | null }>(
        `SELECT MIN("at") AS "lo", MAX("at") AS "hi" FROM "Output" WHERE "featureId" = $1`,
        [featureId],
      )
    )[0];
  },
  async deleteRange(featureId, from, to) {
    await pgRows(`DELETE FROM "WorstCandidate" WHERE "featureId" = $1 AND "at" >= $2 AND "at" < $3`, [featureId, from, to]);
  },
  rebuildWindow: rebuildWindowPostgres,
  async markerSet(marker) {
    return (await pgRows(`SELECT 1 FROM "Setting" WHERE "key" = $1`, [marker])).length > 0;
  },
  async clearMarker(marker) {
    await pgRows(`DELETE FROM "Setting" WHERE "key" = $1`, [marker]);
  },
};
