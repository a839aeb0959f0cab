import { db } from "../db";
import { createFeature } from "../data/features";
import { createUser } from "../data/users";
import { ingestEvents } from "../use-cases/ingest";
import { MAX_EVENTS_PER_BATCH, type IngestEventInput } from "../schemas/events";
import { advanceFeature } from "../use-cases/move-phase";
import { DEMO_SEGMENTS, demoDay, generateSignals, phaseEndedAt, STORIES } from "./stories";

// Fills an empty database with 30 days of the three demo stories, through the ingest path so that
// the rollups are right by construction. The history starts at midnight UTC `days` days before the
// day of `now` and runs to `now`: the stories sit on whole days (stories.ts), so the same day seeds
// the same history at any hour, and the market shock is the same data on every day.

export const DEMO_DAYS = 30;

/** The portfolio advisor's LLM judge is watched: agreement with its reviewers, last 24 h vs the week before. */
export const DEMO_JUDGE_RULE = {
  name: "Judge agreement dropped 5 points vs the week before",
  metric: "judge_agreement_drop",
  params: { points: 0.05, baselineMinutes: 7 * 1440, alpha: 0.01 },
  windowMinutes: 1440,
  minSamples: 100,
  action: "notify",
} as const;

/** Demo-only accounts: they exist only in a database seeded with the demo data. */
export const DEMO_PASSWORD = "rollguard-demo";
export const DEMO_USERS = [
  { email: "viewer@example.com", name: "Vera Viewer (demo)", role: "viewer" },
  { email: "operator@example.com", name: "Omar Operator (demo)", role: "operator" },
  { email: "admin@example.com", name: "Ada Admin (demo)", role: "admin" },
] as const;

const PHASE_MOVE_REASONS: Record<string, string> = {
  "meeting-summary": "Two weeks of early access held 90 %+ with thumbs up; widening to 15 %",
  "code-assist": "Power users happy outside SQL; SQL joins tracked in the weekly review",
};

export async function seedDemo(options: { now?: number; days?: number; seed?: number } = {}) {
  const now = options.now ?? Date.now();
  const days = options.days ?? DEMO_DAYS;
  const from = demoDay(now) - days * 86_400_000;
  for (const s of DEMO_SEGMENTS) {
    await db.segment.upsert({ where: { key: s.key }, create: s, update: {} });
  }
  for (const story of STORIES) {
    // created in its first phase; the outputs name the phase they were served in, and the moves are made below
    const firstPhase = story.earlier?.[0]?.phase ?? story.feature.currentPhase;
    const feature = await createFeature({ ...story.feature, currentPhase: firstPhase, phaseStartedAt: new Date(from) }, "system:demo");
    if (story.feature.key === "portfolio-advisor")
      await db.alertRule.create({ data: { featureId: feature.id, ...DEMO_JUDGE_RULE, params: JSON.stringify(DEMO_JUDGE_RULE.params) } });
  }
  await db.setting.upsert({ where: { key: "demo" }, create: { key: "demo", value: "1" }, update: { value: "1" } });
  for (const u of DEMO_USERS) {
    if (!(await db.user.findUnique({ where: { email: u.email } })))
      await createUser({ ...u, password: DEMO_PASSWORD, demo: true }, "system:demo");
  }

  // Labels and feedback come minutes to hours after their output: hold them until their time.
  const pending: IngestEventInput[] = [];
  let batch: IngestEventInput[] = [];
  let events = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const result = await ingestEvents(batch, now);
    if (result.rejected.length > 0) throw new Error(`demo data rejected: ${JSON.stringify(result.rejected.slice(0, 3))}`);
    events += result.accepted;
    batch = [];
  };
  let t = from;
  for (const minute of generateSignals(options.seed ?? 20261126, from, now, now)) {
    t += 60_000;
    for (const e of minute) (e.type === "output" ? batch : pending).push(e);
    // release follow-ups whose time has come (their outputs were flushed before them)
    if (pending.length > 0 && batch.length >= MAX_EVENTS_PER_BATCH / 2) {
      await flush();
      pending.sort((a, b) => Number(a.timestamp) - Number(b.timestamp));
      const due = pending.findIndex((e) => Number(e.timestamp) > t);
      batch.push(...pending.splice(0, due === -1 ? pending.length : due));
    }
    if (batch.length >= MAX_EVENTS_PER_BATCH) await flush();
  }
  await flush();
  while (pending.length > 0) {
    batch = pending.splice(0, MAX_EVENTS_PER_BATCH);
    await flush();
  }
  // the phase moves, each at its own instant (the phase timeline, the change history, Compare phases)
  for (const story of STORIES) {
    for (const p of story.earlier ?? []) {
      const at = phaseEndedAt(p, now);
      if (at < from || at > now) continue;
      await advanceFeature({
        key: story.feature.key,
        actor: "user:operator@example.com",
        reason: PHASE_MOVE_REASONS[story.feature.key] ?? "Criteria met",
        override: true,
        now: at,
      });
    }
  }
  return { events, now };
}
