import type { OutputUsage } from "./latency";
import type { Presentation } from "./presentation";
import { RollupDeltas, type BucketKey, type Delta, type JudgeState } from "./rollup";

// The model dimension of the rollups: what a batch adds to each (feature, model, phase, segment,
// hour) bucket, and the earliest minute each model was seen in. Ingest builds its deltas with
// ModelRollupDeltas instead of RollupDeltas and puts the output's model on the bucket keys it
// passes: every count the other rollups make for an output (the output itself, a label arriving
// later or replacing another, a change of thumb, a ticket linked to it) is then counted again under
// the output's model, by the very same code (one RollupDeltas per model, read at hour resolution).
// Outputs sent without a model, tickets linked to no output and pre-counted accuracy samples have
// no model: they are counted in the other rollups only.

/** A bucket key that may name the model of the output it counts. */
export type ModelKeyed = BucketKey & { model?: string | null };

export interface ModelBucketKey {
  featureId: string;
  model: string;
  phase: string;
  segment: string;
  /** epoch minute of the hour's start */
  hour: number;
}

export interface ModelFirstSeen {
  featureId: string;
  model: string;
  /** epoch minute of the earliest output of this model in the batch */
  minute: number;
  /** the phase that output was in */
  phase: string;
}

/** The model a key counts under, or null when it names none (a blank name counts as none). */
export function modelOf(key: ModelKeyed): string | null {
  const m = key.model?.trim();
  return m ? m : null;
}

export class ModelRollupDeltas extends RollupDeltas {
  private readonly perModel = new Map<string, RollupDeltas>();
  private readonly seen = new Map<string, ModelFirstSeen>();

  private of(key: ModelKeyed): RollupDeltas | null {
    const model = modelOf(key);
    if (model === null) return null;
    const id = `${key.featureId}\u0000${model}`;
    let d = this.perModel.get(id);
    if (!d) {
      d = new RollupDeltas();
      this.perModel.set(id, d);
    }
    return d;
  }

  override addOutput(
    key: ModelKeyed,
    confidence: number | null,
    presentation: Presentation,
    inputType?: string | null,
    usage: OutputUsage = {},
  ) {
    super.addOutput(key, confidence, presentation, inputType, usage);
    const d = this.of(key);
    if (!d) return;
    d.addOutput(key, confidence, presentation, inputType, usage);
    const model = modelOf(key)!;
    const id = `${key.featureId}\u0000${model}`;
    const first = this.seen.get(id);
    if (!first || key.minute < first.minute) this.seen.set(id, { featureId: key.featureId, model, minute: key.minute, phase: key.phase });
  }

  override addVerdict(key: ModelKeyed, confidence: number | null, correct: boolean, sign: 1 | -1 = 1, inputType?: string | null) {
    super.addVerdict(key, confidence, correct, sign, inputType);
    this.of(key)?.addVerdict(key, confidence, correct, sign, inputType);
  }

  override addJudgeSums(key: ModelKeyed, s: JudgeState, sign: 1 | -1) {
    super.addJudgeSums(key, s, sign);
    this.of(key)?.addJudgeSums(key, s, sign);
  }

  override addFeedback(key: ModelKeyed, value: "up" | "down", sign: 1 | -1 = 1, inputType?: string | null) {
    super.addFeedback(key, value, sign, inputType);
    this.of(key)?.addFeedback(key, value, sign, inputType);
  }

  override addTicket(key: ModelKeyed, critical: boolean) {
    super.addTicket(key, critical);
    this.of(key)?.addTicket(key, critical);
  }

  /** The ModelBucket rows this batch changes, with what it adds to each (all-zero rows left out). */
  modelBuckets(): { key: ModelBucketKey; delta: Delta }[] {
    const out: { key: ModelBucketKey; delta: Delta }[] = [];
    for (const [id, d] of this.perModel) {
      const model = id.slice(id.indexOf("\u0000") + 1);
      for (const { key, delta } of d.hourly()) {
        out.push({ key: { featureId: key.featureId, model, phase: key.phase, segment: key.segment, hour: key.minute }, delta });
      }
    }
    return out;
  }

  /** The earliest minute each model appeared in this batch's new outputs (and its phase then). */
  firstSeen(): ModelFirstSeen[] {
    return [...this.seen.values()];
  }
}
