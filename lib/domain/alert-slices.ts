// One alert per rule across slices: a sequential rule that breaches in several phase and segment
// slices of a feature keeps one alert, which lists its slices — a slice joins when it breaches,
// recovers when its evidence is clear again, and the alert resolves when none is left breaching.
// Pure: the data layer stores the list as JSON on the alert.

export interface AlertSlice {
  /** "phase:beta" or "phase:beta/segment:internal" */
  id: string;
  /** epoch ms */
  openedAt: number;
  /** epoch ms; null while the slice still breaches */
  recoveredAt: number | null;
}

/** The stored list; an alert from before this list existed has its single `slice` instead. */
export function parseAlertSlices(
  json: string | null,
  legacySlice: string | null,
  openedAt: number,
  resolvedAt: number | null = null,
): AlertSlice[] {
  if (json) {
    try {
      const list = JSON.parse(json) as AlertSlice[];
      if (Array.isArray(list)) return list.filter((s) => typeof s?.id === "string");
    } catch {
      // fall through to the legacy slice
    }
  }
  return legacySlice ? [{ id: legacySlice, openedAt, recoveredAt: resolvedAt }] : [];
}

export const serializeAlertSlices = (list: AlertSlice[]) => JSON.stringify(list);

/** The slices still breaching. */
export const breachingSlices = (list: AlertSlice[]) => list.filter((s) => s.recoveredAt === null);

/** A slice breaches at `at`: added, or breaching again if it had recovered; unchanged when already breaching. */
export function joinSlice(list: AlertSlice[], id: string, at: number): { slices: AlertSlice[]; changed: boolean } {
  const i = list.findIndex((s) => s.id === id);
  if (i < 0) return { slices: [...list, { id, openedAt: at, recoveredAt: null }], changed: true };
  if (list[i]!.recoveredAt === null) return { slices: list, changed: false };
  return { slices: list.map((s, j) => (j === i ? { ...s, recoveredAt: null } : s)), changed: true };
}

/** A slice's evidence is clear at `at`; the alert resolves when no slice is left breaching. */
export function recoverSlice(list: AlertSlice[], id: string, at: number): { slices: AlertSlice[]; changed: boolean; allClear: boolean } {
  const i = list.findIndex((s) => s.id === id && s.recoveredAt === null);
  const slices = i < 0 ? list : list.map((s, j) => (j === i ? { ...s, recoveredAt: at } : s));
  return { slices, changed: i >= 0, allClear: breachingSlices(slices).length === 0 };
}

interface ParsedSlice {
  phase: string;
  segment: string | null;
}

function parse(id: string): ParsedSlice {
  const m = /^phase:([^/]*)(?:\/segment:(.*))?$/.exec(id);
  return m ? { phase: m[1]!, segment: m[2] ?? null } : { phase: id, segment: null };
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

/**
 * The slices in words, phases first: "phase beta; segments beta-power-users, internal". A segment
 * of a phase not named among the phases says its phase: "segment internal (phase full)".
 */
export function slicesText(ids: string[]): string {
  const parsed = [...new Set(ids)].map(parse);
  const phases = parsed.filter((s) => s.segment === null).map((s) => s.phase);
  const segments = parsed.filter((s) => s.segment !== null);
  const segmentPhases = new Set(segments.map((s) => s.phase));
  // segments need their phase unless it is the only one in sight
  const allPhases = new Set([...phases, ...segmentPhases]);
  const bare = allPhases.size <= 1;
  const parts: string[] = [];
  if (phases.length) parts.push(`${plural(phases.length, "phase", "phases")} ${phases.join(", ")}`);
  if (segments.length)
    parts.push(
      `${plural(segments.length, "segment", "segments")} ${segments.map((s) => (bare ? s.segment : `${s.segment} (phase ${s.phase})`)).join(", ")}`,
    );
  return parts.join("; ");
}

/**
 * The alerts not resolved yet, once per rule with the slices they breach in, for the resume
 * dialog: "Accuracy below its normal — phase beta; segments beta-power-users, internal (open)".
 */
export function unresolvedByRule(alerts: { rule: { id: string; name: string }; status: string; slices: string[] }[]): string[] {
  const rules = new Map<string, { name: string; open: boolean; slices: string[] }>();
  for (const a of alerts) {
    if (a.status === "resolved") continue;
    const r = rules.get(a.rule.id) ?? { name: a.rule.name, open: false, slices: [] };
    r.open ||= a.status === "open";
    r.slices.push(...a.slices);
    rules.set(a.rule.id, r);
  }
  return [...rules.values()].map(
    (r) => `${r.name}${r.slices.length ? ` — ${slicesText(r.slices)}` : ""} (${r.open ? "open" : "acknowledged"})`,
  );
}
