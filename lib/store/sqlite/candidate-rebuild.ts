import { guardedWrite, sqlite } from "../../db";
import { rebuildWindowSqlite } from "../../data/worst-candidates";
import type { CandidateRebuildStore } from "../candidate-rebuild";

/** The WorstCandidate rebuild on the raw SQLite connection; writes under the process's write lock. */
export const sqliteCandidateRebuild: CandidateRebuildStore = {
  async featureIds() {
    return (sqlite().prepare(`SELECT "id" FROM "Feature" ORDER BY "id"`).all() as { id: string }[]).map((r) => r.id);
  },
  async outputSpan(featureId) {
    return sqlite().prepare(`SELECT MIN("at") AS "lo", MAX("at") AS "hi" FROM "Output" WHERE "featureId" = ?`).get(featureId) as {
      lo: number | null;
      hi: number | null;
    };
  },
  async deleteRange(featureId, from, to) {
    const text = `DELETE FROM "WorstCandidate" WHERE "featureId" = $1 AND "at" >= $2 AND "at" < $3`;
    await guardedWrite(async () => void sqlite().prepare(text.replace(/\$\d/g, "?")).run(featureId, from, to));
  },
  rebuildWindow: rebuildWindowSqlite,
  async markerSet(marker) {
    return Boolean(sqlite().prepare(`SELECT 1 FROM "Setting" WHERE "key" = ?`).get(marker));
  },
  async clearMarker(marker) {
    await guardedWrite(async () => void sqlite().prepare(`DELETE FROM "Setting" WHERE "key" = ?`).run(marker));
  },
};
