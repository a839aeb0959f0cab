import { db, dbReady, writeLock } from "../db";
import { log } from "../log";
import { placeholders } from "../store/sql-dialect";
import { AdoptionDeltas, dayOf, REACH_COUNTER, reachOf } from "../domain/adoption";
import { writeAdoption } from "../store/adoption-writer";
import type { Decision } from "../domain/targeting";

// Decisions served per minute by outcome, counted in this process's memory on the decision path
// (an increment of a Map entry: no database write per request) and added to DecisionMinute in one
// statement every few seconds. Several processes (the app, its decision listener, other
// instances) each add their own counts: the table holds the sum.
// Adoption (issue 27) is counted the same way: per phase × segment × UTC day, the decision's
// targetingKey goes into an in-memory HyperLogLog sketch (when the decision reached the unit: the
// AI answer or the fallback, not outside the audience) and its reach is counted; the same flush
// merges them into AdoptionDay (lib/read/adoption.ts).

export type DecisionOutcome = "ai" | "fallback" | "disabled";
export const FLUSH_EVERY_MS = 5_000;

interface State {
  pending: Map<string, number>;
  adoption?: AdoptionDeltas;
  timer: ReturnType<typeof setInterval> | null;
  flushing: Promise<void> | null;
}
const g = globalThis as unknown as { rollguardDecisionCounts?: State };
const state = (): State => (g.rollguardDecisionCounts ??= { pending: new Map(), timer: null, flushing: null });

/** The outcome a product sees: the AI answer, the fallback, or the fallback because the feature is paused. */
export const outcomeOf = (d: { value: boolean; reason: string }): DecisionOutcome =>
  d.reason === "DISABLED" ? "disabled" : d.value ? "ai" : "fallback";

/** The adoption slice of a decision: its phase (none: not counted), segment and unit. */
export interface DecisionSlice {
  decision: Pick<Decision, "value" | "metadata">;
  segment?: string;
  unit?: string;
}

export function countDecision(featureId: string, outcome: DecisionOutcome, now: number, slice?: DecisionSlice): void {
  const s = state();
  const phase = slice?.decision.metadata.phase;
  if (slice && phase) {
    const key = { featureId, phase, segment: slice.segment ?? "default", day: dayOf(now) };
    const reach = reachOf(slice.decision);
    (s.adoption ??= new AdoptionDeltas()).add(key, reach === "outside" ? null : slice.unit, REACH_COUNTER[reach]);
  }
  const k = `${featureId}|${Math.floor(now / 60_000)}|${outcome}`;
  s.pending.set(k, (s.pending.get(k) ?? 0) + 1);
  if (!s.timer) {
    s.timer = setInterval(() => void flushDecisionCounts(), FLUSH_EVERY_MS);
    s.timer.unref?.();
  }
}

/** Adds the counts held in memory to the table; a failed write keeps them for the next flush. */
export function flushDecisionCounts(): Promise<void> {
  const s = state();
  if (s.flushing) return s.flushing;
  if (s.pending.size === 0 && !s.adoption?.size) return Promise.resolve();
  const batch = s.pending;
  s.pending = new Map();
  const adoption = s.adoption;
  s.adoption = undefined;
  s.flushing = (async () => {
    try {
      await dbReady();
      if (adoption) {
        try {
          await writeAdoption(adoption);
        } catch (e) {
          (s.adoption ??= new AdoptionDeltas()).merge(adoption);
          log.warn("adoption counts not written; kept for the next flush", { error: String(e) });
        }
      }
      const rows = [...batch].map(([k, n]) => {
        const [featureId, minute, outcome] = k.split("|");
        return [featureId, Number(minute), outcome, n] as const;
      });
      for (let i = 0; i < rows.length; i += 200) {
        const part = rows.slice(i, i + 200);
        const mark = placeholders();
        const values = part.map(() => `(${mark()}, ${mark()}, ${mark()}, ${mark()})`).join(", ");
        await writeLock().run(() =>
          db.$executeRawUnsafe(
            `INSERT INTO "DecisionMinute" ("featureId", "minute", "outcome", "count") VALUES ${values} ON CONFLICT ("featureId", "minute", "outcome") DO UPDATE SET "count" = "DecisionMinute"."count" + excluded."count"`,
            ...part.flat(),
          ),
        );
      }
    } catch (e) {
      for (const [k, n] of batch) s.pending.set(k, (s.pending.get(k) ?? 0) + n);
      log.warn("decision counts not written; kept for the next flush", { error: String(e) });
    } finally {
      s.flushing = null;
    }
  })();
  return s.flushing;
}

export interface DecisionMinuteRow {
  minute: number;
  ai: number;
  fallback: number;
  disabled: number;
}

/** Decisions per minute by outcome for one feature, from `fromMinute` on (minutes without any are absent). */
export async function decisionsPerMinute(featureId: string, fromMinute: number): Promise<DecisionMinuteRow[]> {
  const rows = await db.decisionMinute.findMany({ where: { featureId, minute: { gte: fromMinute } }, orderBy: { minute: "asc" } });
  const byMinute = new Map<number, DecisionMinuteRow>();
  for (const r of rows) {
    const m = byMinute.get(r.minute) ?? { minute: r.minute, ai: 0, fallback: 0, disabled: 0 };
    if (r.outcome === "ai" || r.outcome === "fallback" || r.outcome === "disabled") m[r.outcome] += r.count;
    byMinute.set(r.minute, m);
  }
  return [...byMinute.values()];
}
