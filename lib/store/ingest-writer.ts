import { engine } from "../db";
import type { IngestBatch, IngestPlan } from "../domain/ingest-plan";
import type { VerdictBefore } from "../domain/verdict-revert";
import { postgresIngestWriter } from "./postgres/ingest-writer";
import { sqliteIngestWriter } from "./sqlite/ingest-writer";

// The seam between the ingest rules (lib/domain/ingest-plan.ts, verdict-revert.ts) and a database
// engine: each engine loads and locks the stored state a batch touches, asks the planner for the
// plan and writes it, set-based, in one transaction. lib/use-cases/ingest.ts never asks which engine runs.

export interface IngestWriter {
  /** Plans and writes a validated batch in one transaction; resolves after the commit, with the plan written. */
  ingest(batch: IngestBatch, now: number): Promise<IngestPlan>;
  /** The state a queue verdict will replace. */
  verdictBefore(outputId: string): Promise<VerdictBefore>;
  /** Puts back what a human verdict replaced (planVerdictRevert); the feature id, or null when nothing changed. */
  revertHumanVerdict(outputId: string, expected: boolean, before: VerdictBefore): Promise<string | null>;
}

export function ingestWriter(): IngestWriter {
  return engine() === "postgres" ? postgresIngestWriter : sqliteIngestWriter;
}
