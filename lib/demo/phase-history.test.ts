import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { phaseTimeline } from "../read/phase-runs";
import { featureChanges } from "../read/feature-changes";
import { seedDemo } from "./seed";
import { demoDay } from "./stories";

// The demo features that moved phase during the history show it: the phase timeline, the change
// history and per-phase data for "Compare phases" (issue 26: it was empty on every demo feature).

const DAY = 86_400_000;
// anchored (the stories sit on whole days before it), and in the past: ingest refuses the future
const now = Date.UTC(2026, 10, 25, 15, 30);

beforeAll(async () => {
  await seedDemo({ now, days: 20 });
}, 300_000);

describe("the demo's phase history", () => {
  it("moves meeting-summary from early access to gradual and code-assist from beta to early access, 15 days back at 10:00 UTC", async () => {
    const movedAt = demoDay(now) - 15 * DAY + 10 * 3_600_000;
    for (const [key, from, to] of [
      ["meeting-summary", "early-access", "gradual"],
      ["code-assist", "beta", "early-access"],
    ] as const) {
      const f = await db.feature.findUniqueOrThrow({ where: { key } });
      expect((await db.phase.findUniqueOrThrow({ where: { id: f.currentPhaseId! } })).key).toBe(to);
      const runs = await phaseTimeline(f.id);
      expect(runs.map((r) => [r.phaseKey, r.startedAt.getTime(), r.outcome])).toEqual([
        [from, demoDay(now) - 20 * DAY, "advanced"],
        [to, movedAt, null],
      ]);
      // the change history has the move at its own instant, by the demo operator, with a reason
      const moves = (await featureChanges(key)).filter((c) => c.kind === "phase");
      expect(moves).toEqual([
        expect.objectContaining({ at: movedAt, actor: "user:operator@example.com", reason: expect.stringMatching(/\w/) }),
      ]);
      // created when its history starts, so the history reads in order: created, then moved
      const created = await db.auditEvent.findFirstOrThrow({ where: { action: "feature.create", target: key } });
      expect(created.at.getTime()).toBe(demoDay(now) - 20 * DAY);
      // outputs of both phases, each on its side of the move
      const before = await db.output.groupBy({ by: ["phase"], where: { featureId: f.id, at: { lt: BigInt(movedAt) } }, _count: true });
      const after = await db.output.groupBy({ by: ["phase"], where: { featureId: f.id, at: { gte: BigInt(movedAt) } }, _count: true });
      expect(before.map((g) => g.phase)).toEqual([from]);
      expect(after.map((g) => g.phase)).toEqual([to]);
      expect(before[0]._count).toBeGreaterThan(1000);
    }
    const pa = await db.feature.findUniqueOrThrow({ where: { key: "portfolio-advisor" } });
    expect((await phaseTimeline(pa.id)).map((r) => r.phaseKey)).toEqual(["beta"]);
  });
});
