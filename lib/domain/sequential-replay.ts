import { MINUTE_MS } from "./buckets";
import { increment, SlidingCusum } from "./cusum";
import { NO_ALERT, stepMemory, type AlertMemory } from "./rules";
import {
  assessSequential,
  DAY_MINUTES,
  designSlice,
  DESIGNS_PER_SLICE,
  recentCells,
  SEQUENTIAL_DEFAULTS,
  sliceId,
  sliceLabel,
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

  // Every slice that can be watched in the range (from the baseline days and the minutes' cells).
  const firstDay = Math.floor(start / DAY_MINUTES);
  const lastDay = Math.floor(lastEval / DAY_MINUTES);
  const allCells = recentCells(minutes, start, lastEval);
  const tracked = new Map<string, Slice>();
  for (let day = firstDay; day <= lastDay; day++) for (const x of slicesOn(rule, days, day, allCells)) tracked.set(sliceId(x), x);
  const length = Math.max(0, lastEval - start + 1);
  const slices = [...tracked.values()];
  const ids = slices.map(sliceId);
  const index = new Map(ids.map((id, i) => [id, i]));
  const ns = slices.map(() => new Float64Array(length));
  const bads = slices.map(() => new Float64Array(length));
  // per minute, the cells with traffic (to slide the memory's set of recent cells)
  const cellsAt = new Map<number, string[]>();
  const cellOf = new Map<string, { phase: string; segment: string }>();
  const cellSlices = new Map<string, number[]>();
  for (const c of minutes) {
    if (c.at < start || c.at > lastEval) continue;
    const key = `${c.phase}\u0000${c.segment}`;
    let into = cellSlices.get(key);
    if (!into) {
      cellSlices.set(
        key,
        (into = slices.flatMap((s, i) => (c.phase === s.phase && (s.segment === null || c.segment === s.segment) ? [i] : []))),
      );
      cellOf.set(key, { phase: c.phase, segment: c.segment });
    }
    for (const i of into) {
      ns[i][c.at - start] += c.n;
      bads[i][c.at - start] += c.bad;
    }
    if (c.n > 0) {
      const list = cellsAt.get(c.at) ?? [];
      list.push(key);
      cellsAt.set(c.at, list);
    }
  }

  const cusums = slices.map(() => Array.from({ length: DESIGNS_PER_SLICE }, () => new SlidingCusum(memory)));
  const events: SequentialEvent[] = [];
  const statuses: { at: number; status: SequentialStatus }[] = [];
  const state = new Map(memories);
  const stats = slices.map(() => new Float64Array(DESIGNS_PER_SLICE));
  const recent = new Map<string, number>(); // cell → minutes with traffic inside the memory
  const watchCache = new Map<string, { idx: number[]; set: Set<number> }>();
  const designCache = new Map<string, (SliceDesign | null)[]>();
  const designsFor = (day: number, count: number) => {
    const key = `${day}:${count}`;
    let d = designCache.get(key);
    if (!d) designCache.set(key, (d = slices.map((s) => designSlice(rule, days, s, day, count))));
    return d;
  };

  let watched: { idx: number[]; set: Set<number> } | undefined;
  let watchedDay = NaN;
  let changed = true;
  for (let day = firstDay; day <= lastDay; day++) {
    const from = Math.max(start, day * DAY_MINUTES);
    const to = Math.min(lastEval, day * DAY_MINUTES + DAY_MINUTES - 1);
    for (let m = from; m <= to; m++) {
      const i = m - start;
      for (const k of cellsAt.get(m) ?? []) {
        const had = recent.get(k) ?? 0;
        recent.set(k, had + 1);
        if (had === 0) changed = true;
      }
      for (const k of cellsAt.get(m - memory) ?? []) {
        const left = recent.get(k)! - 1;
        if (left === 0) {
          recent.delete(k);
          changed = true;
        } else recent.set(k, left);
      }
      // the watched slices change only when a cell enters or leaves the memory, or the day turns
      if (changed || !watched || watchedDay !== day) {
        const recentKey = `${day}|${[...recent.keys()].sort().join("|")}`;
        watched = watchCache.get(recentKey);
        if (!watched) {
          const idx = slicesOn(
            rule,
            days,
            day,
            [...recent.keys()].map((k) => cellOf.get(k)!),
          ).map((s) => index.get(sliceId(s))!);
          watchCache.set(recentKey, (watched = { idx, set: new Set(idx) }));
        }
        watchedDay = day;
        changed = false;
      }
      // increments: the day's normal and alternatives (the same whatever the slice count)
      const weightsOf = designsFor(day, Math.max(1, watched!.idx.length));
      for (let j = 0; j < slices.length; j++) {
        const d = weightsOf[j];
        const cs = cusums[j];
        for (let k = 0; k < cs.length; k++)
          stats[j][k] = cs[k].push(d && d.designs[k] ? increment(d.designs[k].weights, ns[j][i], bads[j][i]) : 0);
      }
      if (m < firstEval) continue;
      const at = m * MINUTE_MS + MINUTE_MS - 1;
      let worst: SequentialStatus = "ok";
      let full: SliceAssessment[] | null = null;
      for (const j of watched!.idx) {
        const id = ids[j];
        const d = weightsOf[j];
        let score = 0;
        if (d) for (let k = 0; k < d.designs.length; k++) score = Math.max(score, stats[j][k] / d.designs[k].h);
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
      // An open alert on a slice that is no longer watched (no traffic in its baseline days or memory) resolves.
      for (const [id, mem] of state) {
        if (!mem.open || watched!.set.has(index.get(id) ?? -1)) continue;
        const step = stepMemory(mem, "ok", at, rule.windowMinutes);
        state.set(id, step.memory);
        if (step.transition)
          events.push({ at, sliceId: id, transition: step.transition, assessment: unwatched(tracked.get(id) ?? parseSliceId(id)) });
      }
      statuses.push({ at, status: worst });
    }
  }
  return { events, statuses, memories: state };
}

export function parseSliceId(id: string): Slice {
  const m = /^phase:([^/]*)(?:\/segment:(.*))?$/.exec(id);
  return { phase: m?.[1] ?? id, segment: m?.[2] ?? null };
}

export function unwatched(slice: Slice): SliceAssessment {
  return {
    slice,
    status: "ok",
    normal: null,
    recent: null,
    recentN: 0,
    score: 0,
    delay5: null,
    delay10: null,
    perMinute: 0,
    message: `${sliceLabel(slice)}: no longer has traffic`,
  };
}
