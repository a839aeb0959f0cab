import { MINUTE_MS } from "./buckets";
import { increment, SlidingCusum } from "./cusum";
import { NO_ALERT, stepMemory, type AlertMemory } from "./rules";
import {
  assessSequential,
  DAY_MINUTES,
  designSlice,
  SEQUENTIAL_DEFAULTS,
  sliceId,
  slicesOn,
  type CellCount,
  type SequentialRule,
  type SequentialStatus,
  type Slice,
  type SliceAssessment,
  type SliceDesign,
} from "./sequential-rule";

// A sequential rule replayed at the end of every minute of a range, as the live evaluator would
// have run it. The statistics slide (SlidingCusum: O(1) a minute) instead of being recomputed from
// the memory each minute as the live evaluator does; the numbers are the same (tested), and at a
// transition the replay asks `assessSequential` itself for the assessment, so the messages match.

export interface SequentialEvent {
  at: number;
  sliceId: string;
  transition: "opened" | "resolved";
  assessment: SliceAssessment;
}

const RANK: Record<SequentialStatus, number> = { insufficient: 0, ok: 0, watch: 1, breach: 2 };

/** The status the open/resolve memory sees: a slice without enough data counts as clear. */
export const memoryStatus = (s: SequentialStatus) => (s === "insufficient" ? "ok" : s);

/**
 * `days` must cover the baseline of every day the memory before `fromMs` touches (see
 * sequentialRanges); `minutes` the memory before `fromMs` and the range itself.
 */
export function replaySequential(
  rule: SequentialRule,
  days: CellCount[],
  minutes: CellCount[],
  fromMs: number,
  toMs: number,
  memories: Map<string, AlertMemory> = new Map(),
) {
  const memory = rule.params.memoryMinutes ?? SEQUENTIAL_DEFAULTS.memoryMinutes;
  const firstEval = Math.floor(fromMs / MINUTE_MS);
  const lastEval = Math.ceil(toMs / MINUTE_MS) - 1;
  const start = firstEval - memory + 1;

  // Per slice and minute: trials and bad outcomes, summed over the slice's cells.
  const firstDay = Math.floor(start / DAY_MINUTES);
  const lastDay = Math.floor(lastEval / DAY_MINUTES);
  const tracked = new Map<string, Slice>();
  const slicesByDay = new Map<number, Slice[]>();
  for (let day = firstDay; day <= lastDay; day++) {
    const s = slicesOn(rule, days, day);
    slicesByDay.set(day, s);
    for (const x of s) tracked.set(sliceId(x), x);
  }
  const length = Math.max(0, lastEval - start + 1);
  const series = new Map<string, { n: Float64Array; bad: Float64Array }>();
  for (const [id] of tracked) series.set(id, { n: new Float64Array(length), bad: new Float64Array(length) });
  for (const c of minutes) {
    if (c.at < start || c.at > lastEval) continue;
    for (const [id, s] of tracked) {
      if (c.phase !== s.phase || (s.segment !== null && c.segment !== s.segment)) continue;
      const row = series.get(id)!;
      row.n[c.at - start] += c.n;
      row.bad[c.at - start] += c.bad;
    }
  }

  const designs = new Map<string, SliceDesign | null>();
  const design = (s: Slice, day: number) => {
    const key = `${sliceId(s)}@${day}`;
    if (!designs.has(key)) designs.set(key, designSlice(rule, days, s, day, slicesByDay.get(day)!.length));
    return designs.get(key)!;
  };

  const cusums = new Map<string, SlidingCusum[]>();
  for (const [id] of tracked) cusums.set(id, Array.from({ length: 3 }, () => new SlidingCusum(memory)));
  const events: SequentialEvent[] = [];
  const statuses: { at: number; status: SequentialStatus }[] = [];
  const state = new Map(memories);

  for (let m = start; m <= lastEval; m++) {
    const day = Math.floor(m / DAY_MINUTES);
    const i = m - start;
    const scores = new Map<string, number>();
    for (const [id, s] of tracked) {
      const d = design(s, day);
      const row = series.get(id)!;
      const cs = cusums.get(id)!;
      let score = 0;
      for (let k = 0; k < cs.length; k++) {
        const x = d && d.designs[k] ? increment(d.designs[k].weights, row.n[i], row.bad[i]) : 0;
        const stat = cs[k].push(x);
        if (d && d.designs[k]) score = Math.max(score, stat / d.designs[k].h);
      }
      scores.set(id, score);
    }
    if (m < firstEval) continue;
    const at = m * MINUTE_MS + MINUTE_MS - 1;
    let worst: SequentialStatus = "ok";
    let full: SliceAssessment[] | null = null;
    for (const s of slicesByDay.get(day)!) {
      const id = sliceId(s);
      const d = design(s, day);
      const score = scores.get(id) ?? 0;
      const status: SequentialStatus = !d ? "insufficient" : score >= 1 ? "breach" : score >= 0.5 ? "watch" : "ok";
      if (RANK[status] > RANK[worst]) worst = status;
      const step = stepMemory(state.get(id) ?? NO_ALERT, memoryStatus(status), at, rule.windowMinutes);
      state.set(id, step.memory);
      if (step.transition) {
        full ??= assessSequential(rule, days, minutes, at);
        const assessment = full.find((a) => sliceId(a.slice) === id)!;
        events.push({ at, sliceId: id, transition: step.transition, assessment });
      }
    }
    // An open alert on a slice that is no longer watched (no traffic in its baseline days) resolves.
    for (const [id, mem] of state) {
      if (!mem.open || slicesByDay.get(day)!.some((s) => sliceId(s) === id)) continue;
      const step = stepMemory(mem, "ok", at, rule.windowMinutes);
      state.set(id, step.memory);
      if (step.transition) {
        const s = tracked.get(id) ?? parseSliceId(id);
        events.push({ at, sliceId: id, transition: step.transition, assessment: { ...unwatched(s) } });
      }
    }
    statuses.push({ at, status: worst });
  }
  return { events, statuses, memories: state };
}

export function parseSliceId(id: string): Slice {
  const m = /^phase:([^/]*)(?:\/segment:(.*))?$/.exec(id);
  return { phase: m?.[1] ?? id, segment: m?.[2] ?? null };
}

export function unwatched(slice: Slice): SliceAssessment {
  return { slice, status: "ok", normal: null, recent: null, recentN: 0, score: 0, delay5: null, delay10: null, perMinute: 0, message: `${sliceId(slice)}: no longer has traffic` };
}
