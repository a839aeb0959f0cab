import type { Agreement } from "./agreement";

// The weekly digest of a feature's review: the week's top failure patterns with their trend, how
// much was reviewed and what is still open, whether the judge still agrees, who signed the week
// off. Pure: the caller passes the figures; `digestText` is Slack mrkdwn (the webhook's `text`).

export interface DigestInput {
  featureName: string;
  /** Monday 00:00 UTC of the week */
  week: number;
  /** tag → outputs tagged this week and the week before */
  patterns: { tag: string; thisWeek: number; lastWeek: number }[];
  /** human verdicts given in the week */
  reviewed: number;
  /** outputs still waiting in the review queue */
  open: number;
  agreement: Agreement | null;
  signedOffBy: string[];
}

export type Trend = "new" | "up" | "down" | "flat";

export function trendOf(thisWeek: number, lastWeek: number): Trend {
  if (lastWeek === 0) return thisWeek > 0 ? "new" : "flat";
  return thisWeek > lastWeek ? "up" : thisWeek < lastWeek ? "down" : "flat";
}

/** The week's top `n` patterns (most tagged this week first; ties by name), with their trend. */
export function topPatterns(patterns: DigestInput["patterns"], n = 5) {
  return patterns
    .filter((p) => p.thisWeek > 0)
    .sort((a, b) => b.thisWeek - a.thisWeek || (a.tag < b.tag ? -1 : 1))
    .slice(0, n)
    .map((p) => ({ ...p, trend: trendOf(p.thisWeek, p.lastWeek) }));
}

const TREND_TEXT: Record<Trend, (p: { lastWeek: number }) => string> = {
  new: () => "new this week",
  up: (p) => `up from ${p.lastWeek}`,
  down: (p) => `down from ${p.lastWeek}`,
  flat: (p) => `same as last week (${p.lastWeek})`,
};

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** Slack mrkdwn needs &, < and > escaped in user text (tags, names). */
export const slackEscape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The digest as Slack mrkdwn text. */
export function digestText(d: DigestInput): string {
  const top = topPatterns(d.patterns);
  const lines = [`*Weekly review: ${slackEscape(d.featureName)}, week of ${day(d.week)}*`];
  lines.push(`Reviewed ${d.reviewed} output${d.reviewed === 1 ? "" : "s"}; ${d.open} still open in the queue.`);
  if (top.length === 0) lines.push("No failure pattern tagged this week.");
  else {
    lines.push("Top patterns:");
    for (const p of top) lines.push(`• ${slackEscape(p.tag)}: ${p.thisWeek} (${TREND_TEXT[p.trend](p)})`);
  }
  const a = d.agreement;
  if (!a || a.n === 0) lines.push("Judge agreement: no output labelled by both a human and the judge.");
  else {
    const raw = `${((a.raw.value ?? 0) * 100).toFixed(1)} % (95 % CI ${(a.raw.lower * 100).toFixed(1)}–${(a.raw.upper * 100).toFixed(1)} %)`;
    const kappa =
      a.kappa.value === null ? "κ n/a" : `κ ${a.kappa.value.toFixed(2)} (${a.kappa.lower!.toFixed(2)} to ${a.kappa.upper!.toFixed(2)})`;
    lines.push(`Judge agreement: ${raw}, ${kappa}, n = ${a.n}.`);
  }
  lines.push(d.signedOffBy.length ? `Signed off by ${d.signedOffBy.map(slackEscape).join(", ")}.` : "Not signed off yet.");
  return lines.join("\n");
}
