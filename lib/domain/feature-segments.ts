// The segments a feature knows: those its outputs came from lately (with data) and those its plan's
// phases are rolled out to (perhaps no data yet), each once, with data first. A rule scoped to a
// segment outside these can never fire, so the rule editor offers only these by default.

export interface FeatureSegment {
  key: string;
  name: string;
  /** outputs of this feature came from the segment in the range the caller read */
  hasData: boolean;
}

export function featureSegments(
  seen: { key: string; name: string }[],
  planned: string[],
  named: { key: string; name: string }[],
): FeatureSegment[] {
  const names = new Map(named.map((s) => [s.key, s.name]));
  const out = new Map<string, FeatureSegment>();
  for (const s of seen) out.set(s.key, { key: s.key, name: s.name, hasData: true });
  for (const key of planned) if (!out.has(key)) out.set(key, { key, name: names.get(key) ?? key, hasData: false });
  return [...out.values()].sort((a, b) => Number(b.hasData) - Number(a.hasData) || a.key.localeCompare(b.key));
}
