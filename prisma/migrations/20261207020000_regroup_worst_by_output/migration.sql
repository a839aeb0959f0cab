-- The worst-20 groups the same long wrong output under reworded prompts (lib/domain/failure-groups.ts):
-- every stored WorstCandidate."groupKey" is recomputed by the backfill that runs right after the
-- migrations (scripts/lib/database.ts, completeWorstCandidatesBackfill), which then clears this marker.
INSERT INTO "Setting" ("key", "value") VALUES ('backfill:WorstCandidate', 'pending') ON CONFLICT DO NOTHING;
