import { HyperLogLog } from "./hyperloglog";
import type { OutputRow, StoredOutput } from "./ingest-rows";
import { isShown } from "./presentation";
import type { StoredThumb, WritePlan } from "./ingest-plan";

// Feature adoption by segment: per feature × phase × segment × UTC day, the distinct units reached
// (a HyperLogLog sketch: outputs' `unit` and decisions' `targetingKey`), the outputs, those shown,
// those that received a thumb, and the decisions by reach. Pure: ingest derives its changes from
// the plan it writes (adoptionOfPlan), the decision path counts its own in memory
// (lib/decision/decision-counts.ts), and both engines merge them into the day row
// (lib/store/*/adoption-writer.ts); the metrics API sums a range's rows and unites their sketches.

export const DAY_MS = 86_400_000;
export const dayOf = (ms: number) => Math.floor(ms / DAY_MS);

export interface AdoptionKey {
  featureId: string;
  phase: string;
  segment: string;
  day: number;
}

export const ADOPTION_COUNTERS = ["outputs", "shown", "feedback", "decisionsAi", "decisionsFallback", "decisionsOutside"] as const;
export type AdoptionCounter = (typeof ADOPTION_COUNTERS)[number];

export interface AdoptionDelta {
  key: AdoptionKey;
  /** units seen in this change (null: none) */
  units: HyperLogLog | null;
  counts: Record<AdoptionCounter, number>;
}

// called per decision on the decision path: a plain concatenation, no padding or formatting
const keyString = (k: AdoptionKey) => k.featureId + "\u0000" + k.day + "\u0000" + k.phase + "\u0000" + k.segment;
const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byPrimaryKey = (a: AdoptionKey, b: AdoptionKey) =>
  text(a.featureId, b.featureId) || a.day - b.day || text(a.phase, b.phase) || text(a.segment, b.segment);

/** Changes to day rows, one entry per row touched. */
export class AdoptionDeltas {
  private readonly rows = new Map<string, AdoptionDelta>();

  private row(key: AdoptionKey): AdoptionDelta {
    const k = keyString(key);
    let r = this.rows.get(k);
    if (!r) {
      r = { key, units: null, counts: { outputs: 0, shown: 0, feedback: 0, decisionsAi: 0, decisionsFallback: 0, decisionsOutside: 0 } };
      this.rows.set(k, r);
    }
    return r;
  }

  /** One output (or decision) in one call: a single row lookup, as this runs per output and per decision. */
  add(key: AdoptionKey, unit: string | null | undefined, counter: AdoptionCounter, shown = false): this {
    const r = this.row(key);
    if (unit) (r.units ??= new HyperLogLog()).add(unit);
    r.counts[counter]++;
    if (shown) r.counts.shown++;
    return this;
  }

  addUnit(key: AdoptionKey, unit: string | null | undefined): this {
    if (unit) (this.row(key).units ??= new HyperLogLog()).add(unit);
    return this;
  }

  count(key: AdoptionKey, counter: AdoptionCounter, n = 1): this {
    this.row(key).counts[counter] += n;
    return this;
  }

  /** Adds another set of changes (a failed flush put back). */
  merge(other: AdoptionDeltas): this {
    for (const d of other.list()) {
      const r = this.row(d.key);
      if (d.units) (r.units ??= new HyperLogLog()).merge(d.units);
      for (const c of ADOPTION_COUNTERS) r.counts[c] += d.counts[c];
    }
    return this;
  }

  get size(): number {
    return this.rows.size;
  }

  /** In primary-key order (featureId, day, phase, segment): every writer locks rows in this order. */
  list(): AdoptionDelta[] {
    return [...this.rows.values()].sort((a, b) => byPrimaryKey(a.key, b.key));
  }
}

const keyOf = (o: { featureId: string; phase: string; segment: string; at: number }): AdoptionKey => ({
  featureId: o.featureId,
  phase: o.phase,
  segment: o.segment,
  day: dayOf(o.at),
});

/**
 * What a written ingest plan adds: each new output (its unit, counted, shown or not), and each
 * output's first thumb, counted on the output's day and slice (so that the feedback rate of a
 * range is over its own outputs). A changed thumb is not a new one.
 */
export function adoptionOfPlan(
  plan: Pick<WritePlan, "outputs" | "feedback">,
  stored: { outputs: Map<string, StoredOutput>; feedback: Map<string, StoredThumb> },
): AdoptionDeltas {
  const deltas = new AdoptionDeltas();
  const fresh = new Map<string, OutputRow>();
  for (const row of plan.outputs) {
    fresh.set(row.id, row);
    const key = keyOf(row);
    deltas.add(key, row.unit, "outputs", isShown(row.presentation));
  }
  for (const thumb of plan.feedback) {
    if (stored.feedback.has(thumb.outputId)) continue;
    const output = fresh.get(thumb.outputId) ?? stored.outputs.get(thumb.outputId);
    if (output) deltas.count(keyOf(output), "feedback");
  }
  return deltas;
}

/** Merges a change into a stored sketch (bytes or none); null when there is still no unit. */
export function mergedUnits(stored: Uint8Array | null | undefined, change: HyperLogLog | null): Uint8Array | null {
  if (!change) return stored && stored.length > 0 ? stored : null;
  if (!stored || stored.length === 0) return change.toBytes();
  return HyperLogLog.mergedBytes(stored, change);
}

/** How a decision reached the unit: the AI answer, the fallback, or not at all (outside the audience or segment). */
export type DecisionReach = "ai" | "fallback" | "outside";
const OUTSIDE = new Set(["outside_audience", "segment_not_allowed"]);
export function reachOf(d: { value: boolean; metadata: { detail: string } }): DecisionReach {
  if (d.value) return "ai";
  return OUTSIDE.has(d.metadata.detail) ? "outside" : "fallback";
}
export const REACH_COUNTER: Record<DecisionReach, AdoptionCounter> = {
  ai: "decisionsAi",
  fallback: "decisionsFallback",
  outside: "decisionsOutside",
};

/** A stored day row. */
export interface AdoptionRow extends AdoptionKey, Record<AdoptionCounter, number> {
  units: Uint8Array | null;
}

export interface SegmentAdoption {
  segment: string;
  /** distinct units (outputs' unit and decisions' targetingKey) over the range: exact below 400, else ±1.6 % */
  units: number;
  outputs: number;
  shown: number;
  /** outputs that received a thumb */
  feedback: number;
  /** feedback / shown; null without any output shown */
  feedbackRate: number | null;
  decisions: { ai: number; fallback: number; outside: number };
}

/** Per segment over the given rows (a range's days, one phase or all): sums, and the union of the sketches. */
export function adoptionBySegment(rows: readonly AdoptionRow[]): SegmentAdoption[] {
  const bySegment = new Map<string, { sketch: HyperLogLog; sums: Record<AdoptionCounter, number> }>();
  for (const r of rows) {
    let s = bySegment.get(r.segment);
    if (!s) {
      s = {
        sketch: new HyperLogLog(),
        sums: { outputs: 0, shown: 0, feedback: 0, decisionsAi: 0, decisionsFallback: 0, decisionsOutside: 0 },
      };
      bySegment.set(r.segment, s);
    }
    if (r.units && r.units.length > 0) s.sketch.merge(HyperLogLog.fromBytes(r.units));
    for (const c of ADOPTION_COUNTERS) s.sums[c] += r[c];
  }
  return [...bySegment.entries()]
    .map(([segment, { sketch, sums }]) => ({
      segment,
      units: sketch.estimate(),
      outputs: sums.outputs,
      shown: sums.shown,
      feedback: sums.feedback,
      feedbackRate: sums.shown > 0 ? Math.min(1, sums.feedback / sums.shown) : null,
      decisions: { ai: sums.decisionsAi, fallback: sums.decisionsFallback, outside: sums.decisionsOutside },
    }))
    .sort((a, b) => b.units - a.units || b.outputs - a.outputs || a.segment.localeCompare(b.segment));
}

/** The range's figures over every segment: the segment reaching most units, and the feedback rate of all answers shown. */
export function adoptionSummary(bySegment: readonly SegmentAdoption[]) {
  const shown = bySegment.reduce((n, s) => n + s.shown, 0);
  const feedback = bySegment.reduce((n, s) => n + s.feedback, 0);
  const top = bySegment.find((s) => s.units > 0) ?? null;
  return { shown, feedback, feedbackRate: shown > 0 ? Math.min(1, feedback / shown) : null, top };
}
