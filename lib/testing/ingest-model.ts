import { emptyState, stateNeeds, type IngestBatch, type StoredState, type StoredVerdict, type WritePlan } from "../domain/ingest-plan";
import type { FeedbackRow, LabelRow, OutputRow, PendingRow, SampleRow, StoredOutput, TicketRow, VerdictRow } from "../domain/ingest-rows";
import { storedOutputOf } from "../domain/ingest-rows";
import { ModelRollupDeltas } from "../domain/model-rollup";
import type { Delta, LabelSource, RandomFlags, Verdicts } from "../domain/rollup";

// An in-memory store that applies write plans exactly as the engines are meant to: the reference
// the planner's properties and the engines' equivalence test (lib/use-cases/ingest-plan.property.test.ts)
// compare against. Rollups are kept as sums per row key, all-zero rows left out.

type Sums = Map<string, Delta>;

export class IngestModel {
  readonly outputs = new Map<string, OutputRow>();
  readonly tickets = new Map<string, TicketRow>();
  readonly samples = new Map<string, SampleRow>();
  readonly labels = new Map<string, LabelRow>();
  readonly feedback = new Map<string, FeedbackRow>();
  readonly pending = new Map<string, PendingRow>();
  readonly verdicts = new Map<string, VerdictRow>();
  readonly rollups = {
    minute: new Map() as Sums,
    hour: new Map() as Sums,
    slice: new Map() as Sums,
    source: new Map() as Sums,
    judge: new Map() as Sums,
    model: new Map() as Sums,
  };
  readonly firstSeen = new Map<string, { minute: number; phase: string }>();

  /** The stored state a batch's plan reads, as an engine would load it. */
  stateFor(batch: IngestBatch): StoredState {
    const needs = stateNeeds(batch);
    const state = emptyState();
    for (const id of needs.outputIds) {
      const o = this.outputs.get(id);
      if (o) state.outputs.set(id, storedOutputOf(o));
    }
    for (const id of needs.referenced) {
      const v: Partial<Record<LabelSource, StoredVerdict>> = {};
      for (const source of ["ground_truth", "human", "heuristic"] as const) {
        const l = this.labels.get(`${id}\u0000${source}`);
        if (l) v[source] = { correct: l.correct, at: l.at, random: l.random };
      }
      if (Object.keys(v).length > 0) state.labels.set(id, v);
      const f = this.feedback.get(id);
      if (f) state.feedback.set(id, { value: f.value, comment: f.comment, at: f.at });
      const p = this.pending.get(id);
      if (p) state.pending.set(id, p);
    }
    for (const id of needs.ticketIds) if (this.tickets.has(id)) state.tickets.add(id);
    for (const id of needs.sampleIds) if (this.samples.has(id)) state.samples.add(id);
    return state;
  }

  output(id: string): StoredOutput | undefined {
    const o = this.outputs.get(id);
    return o && storedOutputOf(o);
  }

  verdictsOf(outputId: string): Verdicts {
    const v: Verdicts = {};
    for (const source of ["ground_truth", "human", "heuristic"] as const) {
      const l = this.labels.get(`${outputId}\u0000${source}`);
      if (l) v[source] = l.correct;
    }
    return v;
  }

  /** Which person verdicts of an output are random-sample ones, as the engines load them. */
  randomFlagsOf(outputId: string): RandomFlags {
    const h = this.labels.get(`${outputId}\u0000human`);
    const g = this.labels.get(`${outputId}\u0000ground_truth`);
    return {
      sampled: this.outputs.get(outputId)?.sampled ?? false,
      ...(h ? { human: h.random } : {}),
      ...(g ? { ground_truth: g.random } : {}),
    };
  }

  apply(plan: WritePlan): void {
    for (const r of plan.outputs) {
      if (this.outputs.has(r.id)) throw new Error(`plan inserts stored output ${r.id}`);
      this.outputs.set(r.id, r);
    }
    for (const r of plan.tickets) {
      if (this.tickets.has(r.id)) throw new Error(`plan inserts stored ticket ${r.id}`);
      this.tickets.set(r.id, r);
    }
    for (const r of plan.samples) {
      if (this.samples.has(r.id)) throw new Error(`plan inserts stored sample ${r.id}`);
      this.samples.set(r.id, r);
    }
    for (const r of plan.labels) this.labels.set(`${r.outputId}\u0000${r.source}`, r);
    for (const d of plan.labelDeletes) this.labels.delete(`${d.outputId}\u0000${d.source}`);
    for (const r of plan.feedback) this.feedback.set(r.outputId, r);
    for (const r of plan.verdicts) this.verdicts.set(r.outputId, r);
    for (const id of plan.verdictDeletes) this.verdicts.delete(id);
    for (const r of plan.pendingInserts) if (!this.pending.has(r.outputId)) this.pending.set(r.outputId, r);
    for (const id of plan.pendingDeletes) this.pending.delete(id);
    for (const f of plan.pendingFlags) {
      const p = this.pending.get(f.outputId);
      if (p) this.pending.set(f.outputId, { ...p, flags: f.flags, priority: f.priority });
    }
    this.addDeltas(plan.deltas);
  }

  private addDeltas(d: ModelRollupDeltas) {
    const add = (sums: Sums, id: string, delta: Delta) => {
      const row = sums.get(id) ?? {};
      for (const [c, v] of Object.entries(delta)) {
        row[c] = (row[c] ?? 0) + v;
        if (Math.abs(row[c]) < 1e-9) delete row[c]; // a column back at zero reads as absent
      }
      if (Object.keys(row).length === 0) sums.delete(id);
      else sums.set(id, row);
    };
    for (const { key, delta } of d.nonEmpty())
      add(this.rollups.minute, [key.featureId, key.phase, key.segment, key.minute].join("|"), delta);
    for (const { key, delta } of d.hourly()) add(this.rollups.hour, [key.featureId, key.phase, key.segment, key.minute].join("|"), delta);
    for (const { key, delta } of d.nonEmptySlices())
      add(this.rollups.slice, [key.featureId, key.phase, key.segment, key.inputType, key.hour].join("|"), delta);
    for (const { key, delta } of d.nonEmptySources())
      add(this.rollups.source, [key.featureId, key.phase, key.segment, key.hour, key.source].join("|"), delta);
    for (const { key, delta } of d.nonEmptyJudge())
      add(this.rollups.judge, [key.featureId, key.phase, key.segment, key.hour].join("|"), delta);
    for (const { key, delta } of d.modelBuckets())
      add(this.rollups.model, [key.featureId, key.model, key.phase, key.segment, key.hour].join("|"), delta);
    for (const s of d.firstSeen()) {
      const id = `${s.featureId}|${s.model}`;
      const was = this.firstSeen.get(id);
      if (!was || s.minute < was.minute) this.firstSeen.set(id, { minute: s.minute, phase: s.phase });
    }
  }
}
