import { emptyWritePlan, type WritePlan } from "./ingest-plan";
import { keyOfOutput, type PendingRow, type StoredOutput } from "./ingest-rows";
import type { LabelSource, Verdicts } from "./rollup";

// Undo of a verdict given from the review queue: what it replaced goes back exactly — the human
// label (or none), the queue item and the latency row — and the rollups get the exact reverse of
// the change in the output's effective verdict, through the same deltas as ingest.

/** What a queue verdict replaced: enough to put it back exactly. */
export interface VerdictBefore {
  /** the human label before the verdict (null: there was none) */
  human: { correct: boolean; reviewer: string | null; at: number; receivedAt: number } | null;
  /** the queue row before the verdict (null: it was not waiting) */
  pending: PendingRow | null;
  /** the latency row before the verdict (null: none) */
  verdict: { at: number; waitMs: number } | null;
}

/**
 * The plan that puts back what a human verdict replaced. `labels` are the output's stored verdicts
 * by source; `expected` the verdict being undone: when the output is gone or its human label is no
 * longer that one (someone judged it again since), nothing changes and null comes back.
 */
export function planVerdictRevert(
  output: StoredOutput | undefined,
  labels: Verdicts,
  expected: boolean,
  before: VerdictBefore,
): WritePlan | null {
  if (!output || labels.human !== expected) return null;
  const plan = emptyWritePlan();
  const after: Verdicts = { ...labels };
  if (before.human) {
    const h = before.human;
    plan.labels.push({
      outputId: output.id,
      source: "human" as LabelSource,
      correct: h.correct,
      featureId: output.featureId,
      reviewer: h.reviewer,
      at: h.at,
      receivedAt: h.receivedAt,
    });
    after.human = h.correct;
  } else {
    plan.labelDeletes.push({ outputId: output.id, source: "human" });
    delete after.human;
  }
  plan.deltas.addLabelChange(keyOfOutput(output), output.confidence, output.inputType, labels, after);
  if (before.pending) plan.pendingInserts.push(before.pending);
  if (before.verdict)
    plan.verdicts.push({ outputId: output.id, featureId: output.featureId, at: before.verdict.at, waitMs: before.verdict.waitMs });
  else plan.verdictDeletes.push(output.id);
  plan.candidates.signal(output.id, true);
  return plan;
}
