import { describe, expect, it } from "vitest";
import { evaluateDuration, evaluateGraduation, judgeFloor, type PhaseEvidence } from "./graduation";
import type { SuccessCriteria } from "./plan";

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 26, 12);
const criteria: SuccessCriteria = { accuracyMin: 0.85, minLabels: 200, thumbsUpMin: 0.8, maxCriticalTickets: 0, noOpenAlerts: true };
const good: PhaseEvidence = {
  labelled: 1000,
  correct: 900,
  thumbsUp: 190,
  thumbsDown: 10,
  criticalTickets: 0,
  openAlerts: 0,
  signOffRoles: [],
  checklistMissing: [],
};
const run = (evidence: Partial<PhaseEvidence>, c: SuccessCriteria = criteria, startedAt: number | null = NOW - 20 * DAY) =>
  evaluateGraduation({ criteria: c, minDurationDays: 14, startedAt, now: NOW, evidence: { ...good, ...evidence } });
const status = (g: ReturnType<typeof run>, id: string) => g.criteria.find((c) => c.id === id)?.status;

describe("judgeFloor (Wilson interval against a floor)", () => {
  it("met when the lower bound clears the floor with enough samples: 900/1000 → [0.8798, 0.9171] vs 0.85", () => {
    const r = judgeFloor(900, 1000, 0.85, 500);
    expect(r.status).toBe("met");
    expect(r.interval[0]).toBeCloseTo(0.8798, 4);
  });
  it("not met when even the upper bound is below: 80/100 → upper 0.87 < 0.9", () => {
    expect(judgeFloor(80, 100, 0.9, 500).status).toBe("not_met");
  });
  it("not enough evidence when the interval straddles the floor: 170/200 → [0.7939, 0.8929] vs 0.85", () => {
    expect(judgeFloor(170, 200, 0.85, 100).status).toBe("insufficient");
  });
  it("not enough evidence below the minimum sample, even when the point estimate is perfect: 10/10", () => {
    expect(judgeFloor(10, 10, 0.7, 200).status).toBe("insufficient");
  });
  it("nothing observed is not enough evidence, never 'not met'", () => {
    expect(judgeFloor(0, 0, 0.85, 1).status).toBe("insufficient");
  });
});

describe("evaluateGraduation", () => {
  it("is ready when every criterion is met and the minimum time has passed", () => {
    const g = run({});
    expect(g.criteria.map((c) => [c.id, c.status])).toEqual([
      ["accuracy", "met"],
      ["thumbs_up", "met"],
      ["critical_tickets", "met"],
      ["open_alerts", "met"],
      ["checklist", "met"],
    ]);
    expect(g.duration.status).toBe("met");
    expect(g).toMatchObject({ ready: true, missing: [] });
  });

  it("accuracy carries its value, interval and sample size", () => {
    const acc = run({}).criteria[0]!;
    expect(acc).toMatchObject({ value: 0.9, sampleSize: 1000 });
    expect(acc.interval![0]).toBeCloseTo(0.8798, 4);
    expect(acc.interval![1]).toBeCloseTo(0.9171, 4);
    expect(acc.message).toMatch(/90 % \(95 % CI 88 %–91\.7 %\) on 1,000 labels: the lower bound clears 85 %/);
  });

  it("too few labels: not enough evidence, and says how many more are needed", () => {
    const g = run({ labelled: 120, correct: 118 });
    expect(status(g, "accuracy")).toBe("insufficient");
    expect(g.ready).toBe(false);
    expect(g.missing[0]).toMatch(/not enough evidence: .*80 more labels needed \(200 in all\)/);
  });

  it("enough labels but an interval that still includes the floor: not enough evidence", () => {
    const g = run({ labelled: 200, correct: 170 });
    expect(status(g, "accuracy")).toBe("insufficient");
    expect(g.criteria[0]!.message).toMatch(/still includes 85 %/);
  });

  it("accuracy clearly below the floor: not met, whatever the sample size", () => {
    expect(status(run({ labelled: 100, correct: 70 }), "accuracy")).toBe("not_met");
    expect(status(run({ labelled: 20, correct: 8 }), "accuracy")).toBe("not_met");
  });

  it("thumbs, critical tickets and open alerts", () => {
    const g = run({ thumbsUp: 50, thumbsDown: 50, criticalTickets: 2, openAlerts: 1 });
    expect(status(g, "thumbs_up")).toBe("not_met");
    expect(status(g, "critical_tickets")).toBe("not_met");
    expect(status(g, "open_alerts")).toBe("not_met");
    expect(status(run({ thumbsUp: 3, thumbsDown: 0 }), "thumbs_up")).toBe("insufficient");
    expect(g.missing).toHaveLength(3);
  });

  it("criteria the plan does not set are not judged", () => {
    const g = run({ criticalTickets: 5, openAlerts: 3 }, { accuracyMin: 0.85, minLabels: 200 });
    expect(g.criteria.map((c) => c.id)).toEqual(["accuracy", "checklist"]);
    expect(g.ready).toBe(true);
  });

  it("a required sign-off must be in the checklist", () => {
    const c = { ...criteria, requiredSignOffs: ["legal"] };
    expect(status(run({}, c), "sign_off:legal")).toBe("not_met");
    expect(run({}, c).missing).toContain("Legal sign-off — no legal sign-off in the readiness checklist");
    expect(status(run({ signOffRoles: ["product", "legal"] }, c), "sign_off:legal")).toBe("met");
  });

  it("an incomplete checklist is missing; null means the checklist is not judged", () => {
    expect(run({ checklistMissing: ["worst case"] }).missing).toEqual(["Readiness checklist complete — still open: worst case"]);
    expect(run({ checklistMissing: null }).criteria.map((c) => c.id)).not.toContain("checklist");
  });

  it("time in phase below the minimum is missing, with the date it is reached", () => {
    const g = run({}, criteria, NOW - 4 * DAY);
    expect(g.ready).toBe(false);
    expect(g.duration).toMatchObject({ status: "not_met", minDays: 14, endsAt: NOW + 10 * DAY });
    expect(g.missing).toEqual(["Minimum time in phase — 4 of 14 days; 10 days to go (until 2026-12-06)"]);
  });

  it("evaluateDuration: a phase without a start has not met a positive minimum", () => {
    expect(evaluateDuration(null, 14, NOW).status).toBe("not_met");
    expect(evaluateDuration(null, 0, NOW).status).toBe("met");
    expect(evaluateDuration(NOW - 14 * DAY, 14, NOW).status).toBe("met");
  });
});
