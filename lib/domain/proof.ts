import type { Assessment } from "./rules";

// Whether the product obeyed the switch: pure shaping of what the decision processes counted and
// what the product reported, for the proof panel on the feature page.

/** Outputs reported as shown this soon after a pause are answers already on their way. */
export const PAUSE_GRACE_MS = 5_000;

export interface MinuteCounts {
  minute: number;
  ai: number;
  fallback: number;
  disabled: number;
}

/** One row per minute from `fromMinute` to `toMinute` (inclusive), zeros where nothing was served. */
export function fillMinutes(rows: readonly MinuteCounts[], fromMinute: number, toMinute: number): MinuteCounts[] {
  const byMinute = new Map(rows.map((r) => [r.minute, r]));
  const out: MinuteCounts[] = [];
  for (let m = fromMinute; m <= toMinute; m++) out.push(byMinute.get(m) ?? { minute: m, ai: 0, fallback: 0, disabled: 0 });
  return out;
}

export type ObeyVerdict = "running" | "obeying" | "disobeying";

/** Paused with an AI answer reported as shown after the pause plus its grace: the product disobeys. */
export function obeyVerdict(paused: boolean, aiShownAfterPause: number): ObeyVerdict {
  if (!paused) return "running";
  return aiShownAfterPause > 0 ? "disobeying" : "obeying";
}

/** What the product reported while paused: AI answers shown after the pause plus its grace. */
export interface ShownWhilePaused {
  pausedAt: number;
  shown: number;
  /** the newest of them, when known */
  lastShownAt: number | null;
}

const clock = (ms: number) => `${new Date(ms).toISOString().slice(11, 16)} UTC`;

/**
 * The built-in rule "AI answers shown while paused": a breach once `count` (default 1) AI answers
 * were reported as shown after the pause and its grace; "ok" whenever the feature is not paused,
 * so an open alert resolves at the resume.
 */
export function assessDisobedience(paused: ShownWhilePaused | null, count = 1): Assessment {
  if (!paused) return { status: "ok", value: 0, lower: null, upper: null, sampleSize: 0, message: "The feature is not paused" };
  const n = paused.shown;
  const since = `since the pause at ${clock(paused.pausedAt)}`;
  if (n === 0) return { status: "ok", value: 0, lower: null, upper: null, sampleSize: 0, message: `No AI answer shown ${since}` };
  const last = paused.lastShownAt !== null ? ` (last ${clock(paused.lastShownAt)})` : "";
  const message = `${n} AI answer${n === 1 ? "" : "s"} shown ${since}${last}`;
  return { status: n >= count ? "breach" : "watch", value: n, lower: null, upper: null, sampleSize: n, message };
}
