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
