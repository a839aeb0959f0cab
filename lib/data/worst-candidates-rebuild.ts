import { dbReady } from "../db";
import { candidateRebuild } from "../store/candidate-rebuild";
import { oneInstanceAtATime } from "../store/locks";

// The WorstCandidate table rebuilt from the raw rows (lib/data/worst-candidates.ts keeps it at
// ingest): by the migration's backfill and by the bench's generator.

const WINDOW_MS = 3_600_000; // an hour of outputs per transaction: short write locks on a busy history

/**
 * Rebuilds the rows of a feature (every feature when omitted) in [from, to) (all time when
 * omitted) from the raw rows: deletes them, then walks the outputs an hour at a time (bounded memory
 * on months of history) and writes a row for each output with a bad signal. A rebuild of everything
 * also completes the migration's backfill (its marker goes). Returns the rows written.
 */
export async function rebuildWorstCandidates(featureId?: string, from?: number, to?: number): Promise<number> {
  await dbReady();
  const store = candidateRebuild();
  const featureIds = featureId ? [featureId] : await store.featureIds();
  let written = 0;
  for (const f of featureIds) {
    const span = await store.outputSpan(f);
    const lo = Math.max(from ?? -Infinity, Number(span.lo ?? 0));
    const hi = Math.min(to ?? Infinity, Number(span.hi ?? -1) + 1);
    // rows outside the outputs' span (outputs deleted since) go too
    await store.deleteRange(f, from ?? Number.MIN_SAFE_INTEGER, to ?? Number.MAX_SAFE_INTEGER);
    for (let start = Math.floor(lo / WINDOW_MS) * WINDOW_MS; start < hi; start += WINDOW_MS) {
      const a = Math.max(start, lo);
      const b = Math.min(start + WINDOW_MS, hi);
      written += await store.rebuildWindow(f, a, b);
    }
  }
  if (!featureId && from === undefined && to === undefined) await store.clearMarker(WORST_CANDIDATES_BACKFILL); // the whole table: the backfill is done
  return written;
}

/** The migration's marker: set by the migration that created the table, deleted once the backfill ran. */
export const WORST_CANDIDATES_BACKFILL = "backfill:WorstCandidate";

/**
 * Runs the WorstCandidate backfill when its migration asked for it (an existing deployment with
 * history): called right after the migrations are applied. Returns the rows written, or null when
 * there was nothing to do. Instances starting together: one backfills, the others then find the
 * marker gone.
 */
export async function completeWorstCandidatesBackfill(): Promise<number | null> {
  await dbReady();
  return oneInstanceAtATime(WORST_CANDIDATES_BACKFILL, async () =>
    (await candidateRebuild().markerSet(WORST_CANDIDATES_BACKFILL)) ? rebuildWorstCandidates() : null,
  );
}
