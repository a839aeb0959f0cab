import { engine } from "../db";
import { postgresCandidateRebuild } from "./postgres/candidate-rebuild";
import { sqliteCandidateRebuild } from "./sqlite/candidate-rebuild";

// The seam of the WorstCandidate rebuild (lib/data/worst-candidates-rebuild.ts walks the history;
// each engine reads, deletes and writes with its own statements).

export interface CandidateRebuildStore {
  /** every feature's id, in id order */
  featureIds(): Promise<string[]>;
  /** the first and last output time of a feature (nulls: no output) */
  outputSpan(featureId: string): Promise<{ lo: number | null; hi: number | null }>;
  /** deletes a feature's rows in [from, to) */
  deleteRange(featureId: string, from: number, to: number): Promise<void>;
  /** writes the rows of a feature's outputs in [from, to) from the raw rows, in one transaction; the rows written */
  rebuildWindow(featureId: string, from: number, to: number): Promise<number>;
  /** whether a migration left the backfill `marker` */
  markerSet(marker: string): Promise<boolean>;
  clearMarker(marker: string): Promise<void>;
}

export const candidateRebuild = (): CandidateRebuildStore => (engine() === "postgres" ? postgresCandidateRebuild : sqliteCandidateRebuild);
