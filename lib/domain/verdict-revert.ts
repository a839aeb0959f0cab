import { emptyWritePlan, type WritePlan } from "./ingest-plan";
import { keyOfOutput, type PendingRow, type StoredOutput } from "./ingest-rows";
import type { LabelSource, RandomFlags, Verdicts } from "./rollup";

// Undo of a verdict given from the review queue: what it replaced goes back exactly — the human
// label (or none), the queue item and the latency row — and the rollups get the exact reverse of
// the change in the output's effective verdict, through the same deltas as ingest.

/** What a queue verdict replaced: enough to put it back exactly. */
export interface VerdictBefore {
  /** the human label before the verdict (null: there was none) */
  human: { correct: boolean; reviewer: string | null; at: number; receivedAt: number; random?: boolean } | null;
  /** the queue row before the verdict (null: it was not waiting) */
  pending: PendingRow | null;
  /** the latency row before the verdict (null: none) */
  verdict: { at: number; waitMs: number } | null;
}

/**
 * The plan that puts back what a human verdict replaced. `labels` are the output's stored verdicts
 * by source (`random`: which of them are random-sample ones); `expected` the verdict being undone: when the output is gone or its human label is no
 * longer that one (someone judged it again since), nothing changes and null comes back.
 */
export function planVerdictRevert(
  output: StoredOutput | undefined,
  labels: Verdicts,
  expected: boolean,
  before: VerdictBefore,
  random: RandomFlags = { sampled: output?.sampled ?? false },
): WritePlan | null {
  if (!output || labels.human !== expected) return null;
  const plan = emptyWritePlan();
  const after: Verdicts = { ...labels };
  const randomAfter: RandomFlags = { ...random, human: before.human?.random ?? false };
  if (before.human) {
    const h = before.human;
    plan.labels.push({
      outputId: output.id,
      source: "human" as LabelSource,
      correct: h.correct,
      featureId: output.featureId,
      reviewer: h.reviewer,
      random: h.random ?? false,
      at: h.at,
      receivedAt: h.receivedAt,
    });
    after.human = h.correct;
  } else {
    plan.labelDeletes.push({ outputId: output.id, source: "human" });
    delete after.human;
  }
  plan.deltas.addLabelChange(keyOfOutput(output), output.confidence, output.inputType, labels, after, {
    before: random,
    after: randomAfter,
  });
  if (before.pending) plan.pendingInserts.push(before.pending);
  if (before.verdict)
    plan.verdicts.push({ outputId: output.id, featureId: output.featureId, at: before.verdict.at, waitMs: before.verdict.waitMs });
  else plan.verdictDeletes.push(output.id);
  plan.candidates.signal(output.id, true);
  return plan;
}
