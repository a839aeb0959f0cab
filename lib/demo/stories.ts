import { planWith } from "../domain/plan";
import type { NewFeature } from "../data/features";
import type { IngestEventInput } from "../schemas/events";
import { Random } from "./random";
import { codeAssistTexts, meetingTexts, portfolioTexts, textRandom } from "./texts";

// Three rollout stories, each a generator of production signals at a given minute. The same
// generators fill the demo history (through the ingest path) and drive `npm run simulate`.

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** The meeting summariser moved to a new model version this many whole days before the demo's day. */
export const SUMMARIZER_UPGRADE_DAYS_AGO = 4;

/**
 * The demo's clock. Its stories sit on whole UTC days counted back from the UTC day that holds
 * "now", so the story a history tells does not depend on the hour or minute it was generated at.
 * (`npm run simulate` passes now = Infinity: every story's past is behind it.)
 */
export function demoDay(now: number): number {
  return Number.isFinite(now) ? Math.floor(now / DAY_MS) * DAY_MS : now;
}

/** Midnight UTC `days` whole days before the demo's day. */
const daysBefore = (now: number, days: number) => (Number.isFinite(now) ? demoDay(now) - days * DAY_MS : -Infinity);

export const DEMO_SEGMENTS = [
  {
    key: "internal",
    name: "Employees",
    reason: "Employees know the feature is new, report problems directly and never act on an answer unchecked.",
  },
  {
    key: "beta-power-users",
    name: "Beta power users",
    reason: "Opted in to early features, expect rough edges and give detailed feedback.",
  },
  {
    key: "low-risk-portfolios",
    name: "Low-risk portfolios",
    reason: "Small, diversified portfolios where a poor suggestion costs little.",
  },
  { key: "enterprise", name: "Enterprise", reason: "Admins review summaries before they are shared." },
  { key: "smb", name: "Small business", reason: "Summaries are a convenience; the recording stays available." },
  { key: "default", name: "Everyone else", reason: "No special tolerance: the phase's guardrails apply in full." },
];

/** A phase a story's feature was in before its current one, until 10:00 UTC some whole days before the demo's day. */
export interface EarlierPhase {
  phase: string;
  untilDaysAgo: number;
  /** its traffic as a share of the current phase's (a smaller audience) */
  share: number;
  /** every output's segment while in it (a phase limited to one segment) */
  segment?: string;
}

export interface Story {
  feature: NewFeature;
  /** the phases before `feature.currentPhase`, oldest first: the demo's "Compare phases" and phase timeline */
  earlier?: EarlierPhase[];
  /** outputs per minute at this moment (before Poisson noise) */
  rate(t: number): number;
  /** one output and the signals that follow it; `incident` forces the story's failure mode */
  output(rng: Random, t: number, seq: number, now: number, incident?: boolean): IngestEventInput[];
}

/** Busy on weekday working hours (UTC), quiet at night and on weekends. */
function diurnal(t: number, peak: number, night: number): number {
  const d = new Date(t);
  const hour = d.getUTCHours() + d.getUTCMinutes() / 60;
  const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6;
  const day = Math.max(0, Math.sin(((hour - 6) / 14) * Math.PI));
  return (night + (peak - night) * day) * (weekend ? 0.45 : 1);
}

/** When the feature left an earlier phase (10:00 UTC, a working morning). */
export const phaseEndedAt = (p: EarlierPhase, now: number) => daysBefore(now, p.untilDaysAgo) + 10 * HOUR_MS;

/** The earlier phase the story's feature was in at `t`, or null in its current phase. */
export function earlierPhaseAt(story: Pick<Story, "earlier">, t: number, now: number): EarlierPhase | null {
  return story.earlier?.find((p) => t < phaseEndedAt(p, now)) ?? null;
}

/** The phase and segment an output at `t` was served in. */
function servedIn(story: Pick<Story, "earlier" | "feature">, t: number, now: number, segment: string) {
  const earlier = earlierPhaseAt(story, t, now);
  return { phase: earlier?.phase ?? story.feature.currentPhase!, segment: earlier?.segment ?? segment };
}

const clamp = (x: number, lo = 0.05, hi = 0.999) => Math.min(hi, Math.max(lo, x));
const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * The market shock: from 14:00 to 20:00 UTC on a weekday 9 days before the demo's day — a Saturday
 * moves to the Friday before (10 days), a Sunday to the Monday after (8 days). Never on a weekend,
 * whose traffic is under half a weekday's: the rules must see the same shock whatever day it is.
 * Always more than the rules' 7 baseline days back, so a fresh demo opens no alert.
 */
export function marketShockWindow(now: number): { from: number; to: number } {
  let day = demoDay(now) - 9 * DAY_MS;
  const weekday = new Date(day).getUTCDay();
  if (weekday === 6) day -= DAY_MS;
  else if (weekday === 0) day += DAY_MS;
  return { from: day + 14 * HOUR_MS, to: day + 20 * HOUR_MS };
}

interface Signals {
  feature: string;
  id: string;
  t: number;
  now: number;
  correct: boolean;
  labelChance: number;
  labelSource: "human" | "ground_truth" | "heuristic";
  feedbackChance: number;
  downIfWrong: number;
  downIfRight: number;
  ticketChance: number;
  criticalShare: number;
  comments: { down: string[]; up: string[] };
  subjects: string[];
  segment: string;
}

/** The label, feedback and ticket that may follow an output, each later in time than it. */
function followUps(rng: Random, s: Signals): IngestEventInput[] {
  const events: IngestEventInput[] = [];
  const later = (minMin: number, maxMin: number) => s.t + (minMin + rng.next() * (maxMin - minMin)) * 60_000;
  if (rng.chance(s.labelChance)) {
    const at = later(20, 180);
    if (at <= s.now)
      events.push({
        type: "label",
        feature: s.feature,
        outputId: s.id,
        correct: s.correct,
        source: s.labelSource,
        timestamp: Math.round(at),
      });
  }
  if (rng.chance(s.feedbackChance)) {
    const at = later(1, 30);
    const down = rng.chance(s.correct ? s.downIfRight : s.downIfWrong);
    const comment = rng.chance(0.3) ? rng.pick(down ? s.comments.down : s.comments.up) : undefined;
    if (at <= s.now)
      events.push({
        type: "feedback",
        feature: s.feature,
        outputId: s.id,
        value: down ? "down" : "up",
        comment,
        timestamp: Math.round(at),
      });
  }
  if (!s.correct && rng.chance(s.ticketChance)) {
    const at = later(30, 240);
    const critical = rng.chance(s.criticalShare);
    if (at <= s.now)
      events.push({
        type: "ticket",
        feature: s.feature,
        id: `t-${s.id}`,
        outputId: s.id,
        segment: s.segment,
        severity: critical ? "critical" : rng.pick(["normal", "high", "low"] as const),
        subject: rng.pick(s.subjects),
        timestamp: Math.round(at),
      });
  }
  return events;
}

/**
 * The portfolio advisor's LLM judge: it labels most outputs a human labelled, a minute after them
 * (so the human verdict, which outranks it, is what accuracy counts). It agreed with the reviewers
 * ~95 % of the time until its prompt changed JUDGE_DRIFT_DAYS ago; since then ~70 %. Its own
 * generator (by output id) keeps the stories' shared stream, and so every other figure, unchanged.
 */
export const JUDGE_DRIFT_DAYS = 3;
function withJudge(id: string, t: number, now: number, correct: boolean, events: IngestEventInput[]): IngestEventInput[] {
  const human = events.find((e) => e.type === "label");
  const r = textRandom(id, "judge");
  if (!human || !r.chance(0.7)) return events;
  const at = Number(human.timestamp) + 60_000;
  if (at > now) return events;
  const agrees = r.chance(t >= daysBefore(now, JUDGE_DRIFT_DAYS) ? 0.7 : 0.95);
  const judge: IngestEventInput = {
    type: "label",
    feature: "portfolio-advisor",
    outputId: id,
    correct: agrees ? correct : !correct,
    source: "heuristic",
    timestamp: at,
  };
  return [...events, judge];
}

/**
 * The meeting summariser's LLM judge grades about nine outputs in ten a minute after they are made;
 * it is lenient (it passes ~35 % of the wrong summaries) and agrees with the ground truth on about
 * 91 % of outputs. The ground truth (a user's own corrections) comes for a random tenth of outputs,
 * hours later, and is sent as the random sample (issue 23), so the page shows the judge's figure
 * corrected by it instead of the judge's verdict standing in for accuracy. Its own generator keeps
 * the shared stream, and so every other figure, unchanged.
 */
function withMeetingJudge(id: string, t: number, now: number, correct: boolean, events: IngestEventInput[]): IngestEventInput[] {
  const marked = events.map((e) => (e.type === "label" && e.source === "ground_truth" ? { ...e, sample: "random" as const } : e));
  const r = textRandom(id, "meeting-judge");
  if (marked.some((e) => e.type === "label" && e.source === "heuristic") || !r.chance(0.9)) return marked;
  const at = t + 60_000;
  if (at > now) return marked;
  const judge: IngestEventInput = {
    type: "label",
    feature: "meeting-summary",
    outputId: id,
    correct: correct ? r.chance(0.97) : r.chance(0.35),
    source: "heuristic",
    timestamp: at,
  };
  return [...marked, judge];
}

/**
 * The summariser's token usage and duration (issue 27), drawn from the output id (the shared
 * stream stays as it was): the upgraded model reads the same transcripts but writes longer
 * summaries and is slower — the latency chart and cost per output show the regression.
 */
function meetingUsage(id: string, upgraded: boolean) {
  const r = textRandom(id, "meeting-usage");
  const inputTokens = 1200 + r.int(2800);
  const outputTokens = Math.round((150 + r.int(250)) * (upgraded ? 1.35 : 1));
  const durationMs = Math.round((upgraded ? 1900 : 1300) * Math.exp(0.35 * r.normal(0, 1)) + outputTokens * 2);
  return { inputTokens, outputTokens, durationMs };
}

const unitIn = (rng: Random, prefix: string, count: number) => `${prefix}-${rng.int(count).toString().padStart(5, "0")}`;

const meetingSummary: Story = {
  feature: {
    key: "meeting-summary",
    name: "Meeting summary",
    description: "Summarises recorded meetings into decisions, action items and open questions.",
    stakes: "low",
    owner: "productivity-team",
    fallback: "The transcript is shown without a summary.",
    plan: planWith({ gradual: { audiencePercent: 15 } }),
    currentPhase: "gradual",
  },
  // two weeks of early access (5 % of everyone) before the move to 15 %
  earlier: [{ phase: "early-access", untilDaysAgo: 15, share: 1 / 3 }],
  rate: (t) => diurnal(t, 2.6, 0.25),
  output(rng, t, seq, now) {
    const id = `ms-${seq}`;
    const { phase, segment } = servedIn(
      meetingSummary,
      t,
      now,
      rng.weighted([
        ["enterprise", 3],
        ["smb", 4],
        ["default", 3],
      ] as const),
    );
    const inputType = rng.weighted([
      ["meeting", 6],
      ["call", 3],
      ["standup", 2],
    ] as const);
    const confidence = round3(clamp(rng.normal(0.9, 0.06), 0.4));
    const correct = rng.chance(clamp(confidence + 0.02, 0, 0.985));
    const topic = rng.pick(["Q3 planning", "hiring sync", "customer escalation", "design review", "sprint retro", "budget"]);
    return [
      {
        type: "output",
        feature: "meeting-summary",
        id,
        timestamp: t,
        confidence,
        phase,
        segment,
        inputType,
        unit: unitIn(rng, "user", 4000),
        // the summariser's model was upgraded a few days ago: the history and the model filter show it
        model: t >= daysBefore(now, SUMMARIZER_UPGRADE_DAYS_AGO) ? "summarizer-2026-11" : "summarizer-2026-10",
        ...meetingUsage(id, t >= daysBefore(now, SUMMARIZER_UPGRADE_DAYS_AGO)),
        // the shared stream's draws stay as they were (the demo's figures depend on them)
        ...meetingTexts(id, inputType, 20 + rng.int(40), 2 + rng.int(6), correct, topic, correct ? rng.int(5) : 0),
      },
      ...withMeetingJudge(
        id,
        t,
        now,
        correct,
        followUps(rng, {
          feature: "meeting-summary",
          id,
          t,
          now,
          correct,
          segment,
          labelChance: 0.18,
          labelSource: rng.chance(0.5) ? "ground_truth" : "heuristic",
          feedbackChance: 0.22,
          downIfWrong: 0.45,
          downIfRight: 0.03,
          ticketChance: 0.01,
          criticalShare: 0,
          comments: {
            down: ["missed the main decision", "wrong owner on an action item", "too long"],
            up: ["saved me 20 minutes", "spot on"],
          },
          subjects: ["Summary missed an action item", "Wrong attendee in summary"],
        }),
      ),
    ];
  },
};

const portfolioAdvisor: Story = {
  feature: {
    key: "portfolio-advisor",
    name: "Portfolio advisor",
    description: "Suggests rebalancing moves and answers risk questions for investment portfolios.",
    stakes: "high",
    owner: "wealth-ai",
    fallback: "The question is routed to a human advisor; no AI suggestion is shown.",
    plan: planWith({ beta: { segments: ["internal", "beta-power-users"] } }),
    currentPhase: "beta",
  },
  rate: (t) => diurnal(t, 2.2, 0.1),
  output(rng, t, seq, now, incident = false) {
    const id = `pa-${seq}`;
    const shock = marketShockWindow(now);
    const inShock = incident || (t >= shock.from && t < shock.to);
    const segment = rng.weighted([
      ["internal", 4],
      ["beta-power-users", 6],
    ] as const);
    const inputType = rng.weighted([
      ["rebalance", 4],
      ["risk-question", 4],
      ["market-news", 2],
    ] as const);
    // Confident as ever during the shock: the model does not know the market moved.
    const confidence = round3(clamp(rng.normal(inShock ? 0.975 : 0.965, 0.02), 0.6));
    // Calm weeks: well calibrated and ~7 points above the 90 % floor. At 5 points a weekend hour of ~55
    // labels breached the floor by chance in ~5 % of generated histories (10 wrong where 2.5 are expected).
    const correct = rng.chance(inShock ? 0.7 : clamp(confidence + 0.01, 0, 0.995));
    const asset = rng.pick(["tech ETF", "treasury bonds", "emerging markets", "gold", "utilities", "small caps"]);
    return [
      {
        type: "output",
        feature: "portfolio-advisor",
        id,
        timestamp: t,
        confidence,
        segment,
        inputType,
        unit: unitIn(rng, segment === "internal" ? "emp" : "pu", segment === "internal" ? 40 : 90),
        model: "advisor-llm-v3",
        ...portfolioTexts(id, inputType, asset, correct),
      },
      ...withJudge(
        id,
        t,
        now,
        correct,
        followUps(rng, {
          feature: "portfolio-advisor",
          id,
          t,
          now,
          correct,
          segment,
          labelChance: 0.95,
          labelSource: "human",
          feedbackChance: 0.3,
          downIfWrong: 0.6,
          downIfRight: 0.03,
          ticketChance: inShock ? 0.25 : 0.03,
          criticalShare: inShock ? 0.5 : 0.1,
          comments: {
            down: ["ignores today's sell-off", "this would have lost me money", "too confident"],
            up: ["clear and careful", "useful"],
          },
          subjects: ["Advice ignored the market drop", "Recommendation contradicts risk profile", "Lost money following suggestion"],
        }),
      ),
    ];
  },
};

const codeAssist: Story = {
  feature: {
    key: "code-assist",
    name: "Code assist",
    description: "Generates code snippets and queries from a description, reviewed before execution.",
    stakes: "medium",
    owner: "devtools",
    fallback: "The editor shows documentation search results instead of generated code.",
    plan: planWith(),
    currentPhase: "early-access",
  },
  // a beta with the power users first
  earlier: [{ phase: "beta", untilDaysAgo: 15, share: 0.5, segment: "beta-power-users" }],
  rate: (t) => diurnal(t, 2.0, 0.3),
  output(rng, t, seq, now) {
    const id = `ca-${seq}`;
    const { phase, segment } = servedIn(
      codeAssist,
      t,
      now,
      rng.weighted([
        ["default", 7],
        ["enterprise", 3],
      ] as const),
    );
    const inputType = rng.weighted([
      ["python", 4],
      ["typescript", 3],
      ["sql", 2],
      ["bash", 1],
    ] as const);
    const confidence = round3(clamp(rng.normal(0.93, 0.04), 0.5));
    // SQL joins are where it fails, at the same confidence as everything else.
    const correct = rng.chance(inputType === "sql" ? 0.66 : clamp(confidence + 0.01, 0, 0.985));
    return [
      {
        type: "output",
        feature: "code-assist",
        id,
        timestamp: t,
        confidence,
        phase,
        segment,
        inputType,
        unit: unitIn(rng, "dev", 3000),
        model: "coder-7b-ft",
        ...codeAssistTexts(id, inputType, correct),
      },
      ...followUps(rng, {
        feature: "code-assist",
        id,
        t,
        now,
        correct,
        segment,
        labelChance: 0.4,
        labelSource: rng.chance(0.7) ? "ground_truth" : "human",
        feedbackChance: 0.2,
        downIfWrong: 0.55,
        downIfRight: 0.04,
        ticketChance: 0.02,
        criticalShare: 0.05,
        comments: { down: ["query returns duplicates", "does not compile", "wrong join"], up: ["worked first time", "nice"] },
        subjects: ["Generated SQL returned wrong totals", "Snippet broke the build"],
      }),
    ];
  },
};

export const STORIES: Story[] = [meetingSummary, portfolioAdvisor, codeAssist];

/**
 * The random stream of one minute: drawn from the seed and the minute's distance to `origin`, not
 * from the minutes before it, so any stretch of the history can be generated on its own and a
 * minute at the same distance from the origin always draws the same numbers.
 */
export function minuteRandom(seed: number, origin: number, t: number): Random {
  const k = Math.round((t - origin) / 60_000);
  // murmur3's finaliser over the seed and the minute: neighbouring minutes get unrelated streams
  let h = (seed ^ Math.imul(k, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h = (h ^ (h >>> 16)) >>> 0;
  return new Random(h || 1);
}

/**
 * All signals of every story for the minutes [fromMs, toMs), in time order per minute. Each
 * minute's draws are keyed to its distance from the market shock's start, so the shock itself is
 * the same data whatever day and hour the history is generated at.
 */
export function* generateSignals(seed: number, fromMs: number, toMs: number, now: number, seq = { n: 0 }) {
  const origin = marketShockWindow(now).from;
  for (let t = fromMs; t < toMs; t += 60_000) {
    const rng = minuteRandom(seed, origin, t);
    const minute: IngestEventInput[] = [];
    for (const story of STORIES) {
      const count = rng.poisson(story.rate(t) * (earlierPhaseAt(story, t, now)?.share ?? 1));
      for (let i = 0; i < count; i++) {
        // the last minute may be cut short by toMs: no output stamped after it (the demo's "now")
        minute.push(...story.output(rng, t + rng.int(Math.min(60_000, toMs - t)), seq.n++, now));
      }
    }
    yield minute;
  }
}
