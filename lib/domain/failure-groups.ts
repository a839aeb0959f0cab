// Near-identical failures of the weekly review become one group: the same output once normalised
// (case, Unicode form, whitespace, digits, hex ids) — with the same input too when the output is short. Pure: the caller passes ranked
// items, worst first; a group takes the rank of its worst member, so the group order is the
// badness order of the list it came from.

/** Text as the grouping compares it: NFKC, lower case, numbers and long hex ids masked, single spaces. */
export function normaliseFailureText(text: string | null | undefined): string {
  if (text === null || text === undefined) return "";
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/\b[0-9a-f]{8,}\b/g, "<id>")
    .replace(/\d+(?:[.,]\d+)*/g, "<n>")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Normalised outputs at least this long are one failure whatever the prompt said: the same wrong
 * SQL under reworded questions is one thing to fix. Shorter ones ("No.", "I don't know") say too
 * little alone, so they group with their input.
 */
export const OUTPUT_KEY_MIN_LENGTH = 24;

/**
 * The key two outputs share when they are the same failure: the same long output (whatever the
 * input), else the same input and output. An output without any text is its own group (nothing
 * says it repeats another one): its key is its id. Stored with each WorstCandidate row: a change
 * here needs the table rebuilt (a migration that sets the backfill marker, see the README).
 */
export function failureGroupKey(item: { id: string; input: string | null; output: string | null }): string {
  const input = normaliseFailureText(item.input);
  const output = normaliseFailureText(item.output);
  if (!input && !output) return `id:${item.id}`;
  if (output.length >= OUTPUT_KEY_MIN_LENGTH) return `out:${fnv1a(output)}`;
  return `text:${fnv1a(`${input}\u0000${output}`)}`;
}

/** 32-bit FNV-1a, hex: short, stable keys for URLs and the API (collisions are merged — 1 in 4 billion per pair). */
export function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

export interface GroupableItem {
  id: string;
  input: string | null;
  output: string | null;
  unit: string | null;
  segment: string;
  phase: string;
  at: number;
}

export interface FailureGroup<T extends GroupableItem> {
  key: string;
  /** 1-based, in the order of each group's worst member */
  rank: number;
  /** the worst member: what the card shows */
  representative: T;
  members: T[];
  count: number;
  /** distinct units (users) affected, sorted; outputs without a unit are not counted */
  units: string[];
  /** segment → number of members, most first */
  segments: { segment: string; count: number }[];
  phases: string[];
  firstAt: number;
  lastAt: number;
}

/** Groups items (given worst first) into near-identical failures, keeps the first `limit` groups. */
export function groupFailures<T extends GroupableItem>(items: readonly T[], limit = Infinity): FailureGroup<T>[] {
  const byKey = new Map<string, T[]>();
  for (const item of items) {
    const key = failureGroupKey(item);
    const members = byKey.get(key);
    if (members) members.push(item);
    else byKey.set(key, [item]);
  }
  const groups: FailureGroup<T>[] = [];
  for (const [key, members] of byKey) {
    if (groups.length >= limit) break;
    const segments = new Map<string, number>();
    for (const m of members) segments.set(m.segment, (segments.get(m.segment) ?? 0) + 1);
    groups.push({
      key,
      rank: groups.length + 1,
      representative: members[0],
      members,
      count: members.length,
      units: [...new Set(members.map((m) => m.unit).filter((u): u is string => Boolean(u)))].sort(),
      segments: [...segments]
        .map(([segment, count]) => ({ segment, count }))
        .sort((a, b) => b.count - a.count || (a.segment < b.segment ? -1 : 1)),
      phases: [...new Set(members.map((m) => m.phase))].sort(),
      firstAt: members.reduce((a, m) => Math.min(a, m.at), Infinity),
      lastAt: members.reduce((a, m) => Math.max(a, m.at), -Infinity),
    });
  }
  return groups;
}
