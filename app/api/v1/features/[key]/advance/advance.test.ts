import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { saveChecklist } from "@/lib/data/checklists";
import { pauseFeature } from "@/lib/use-cases/pause";
import { resumeFeature } from "@/lib/use-cases/resume";
import { createFeature } from "@/lib/data/features";
import { graduationReport } from "@/lib/read/graduation";
import { ingestEvents } from "@/lib/use-cases/ingest";
import { phaseTimeline } from "@/lib/read/phase-runs";
import { planWith } from "@/lib/domain/plan";
import { bucketOf, inAudience } from "@/lib/domain/targeting";
import { givenFeature, givenKey, jsonRequest } from "@/lib/testing/fixtures";
import { POST as evaluate } from "@/app/ofrep/v1/evaluate/flags/[key]/route";
import { POST as rollback } from "../rollback/route";
import { POST as advance } from "./route";

// Graduation over the API: advancing changes what the decision API answers at once (audience and
// threshold), a rollback restores it, unmet criteria need an override that the audit log records.

let operateKey: string;
let evaluateKey: string;
const params = (key: string) => ({ params: Promise.resolve({ key }) });
const call = (handler: typeof advance, key: string, body: unknown, k = operateKey) =>
  handler(jsonRequest(`/api/v1/features/${key}/x`, body, k), params(key));

async function decision(key: string, unit: string) {
  const res = await evaluate(jsonRequest(`/ofrep/v1/evaluate/flags/${key}`, { context: { targetingKey: unit } }, evaluateKey), params(key));
  expect(res.status).toBe(200);
  return res.json();
}

/** A unit outside a 5 % audience but inside 25 % (early access → gradual in the default plan). */
function unitBetween(feature: string, low: number, high: number) {
  for (let i = 0; ; i++) {
    const b = bucketOf(feature, `u-${i}`);
    if (!inAudience(b, low) && inAudience(b, high)) return `u-${i}`;
  }
}

const COMPLETE_CHECKLIST = {
  heldOut: { accuracyThreshold: 0.9, measuredAccuracy: 0.93, sampleSize: 1000, dataset: "eval-v1" },
  edgeCases: { patterns: ["empty input", "very long input"], casesTested: 40 },
  worstCase: { scenario: "Wrong summary shared with a customer", impact: "One support escalation", estimatedCost: 500, currency: "EUR" },
  signOffs: [
    { role: "product", name: "Pia", at: "2026-11-20" },
    { role: "engineering", name: "Eli", at: "2026-11-20" },
  ],
};

beforeAll(async () => {
  await givenFeature("grad", "early-access");
  operateKey = await givenKey(["operate"]);
  evaluateKey = await givenKey(["evaluate"]);
});

describe("POST /api/v1/features/{key}/advance and /rollback", () => {
  it("refuses to advance with unmet criteria: 409 criteria_not_met listing what is missing; the decision is unchanged", async () => {
    const res = await call(advance, "grad", { reason: "looks fine" });
    expect(res.status).toBe(409);
    const body = await res.json();
    expect(body.error.code).toBe("criteria_not_met");
    expect(body.error.details.missing).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Accuracy ≥ 88 % with ≥ 500 labels — not enough evidence: no labels yet; 500 needed/),
        expect.stringMatching(/^Minimum time in phase/),
      ]),
    );
    expect((await decision("grad", "u-1")).metadata).toMatchObject({ phase: "early-access", confidenceThreshold: 0.9 });
    expect(await db.auditEvent.count({ where: { target: "grad", action: { startsWith: "feature.advance" } } })).toBe(0);
  });

  it("400 without a reason or with a malformed override; 415 when not JSON", async () => {
    expect((await call(advance, "grad", { override: true })).status).toBe(400);
    expect((await call(advance, "grad", { reason: " ", override: true })).status).toBe(400);
    const bad = await call(advance, "grad", { reason: "r", override: "yes" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe("invalid_request");
    const text = await advance(jsonRequest("/x", "reason", operateKey, { headers: { "content-type": "text/plain" } }), params("grad"));
    expect(text.status).toBe(415);
  });

  it("advances with an override: the decision API follows at once (audience and threshold), and the audit log names what was skipped", async () => {
    const unit = unitBetween("grad", 5, 25);
    expect(await decision("grad", unit)).toMatchObject({
      value: false,
      metadata: { phase: "early-access", confidenceThreshold: 0.9, detail: "outside_audience" },
    });

    const res = await call(advance, "grad", { reason: "pilot customer deadline; accuracy tracked daily", override: true });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      feature: "grad",
      direction: "advance",
      from: "early-access",
      to: "gradual",
      overridden: true,
      phase: { audiencePercent: 25, confidenceThreshold: 0.85 },
    });
    expect(body.unmet.length).toBeGreaterThan(0);

    expect(await decision("grad", unit)).toMatchObject({
      value: true,
      variant: "ai",
      metadata: { phase: "gradual", confidenceThreshold: 0.85 },
    });

    const event = await db.auditEvent.findFirstOrThrow({ where: { target: "grad", action: "feature.advance_override" } });
    expect(event.actor).toMatch(/^key:rg_/);
    expect(event.reason).toBe("pilot customer deadline; accuracy tracked daily");
    expect(JSON.parse(event.before!)).toMatchObject({ phase: { key: "early-access", audiencePercent: 5, confidenceThreshold: 0.9 } });
    expect(JSON.parse(event.after!)).toMatchObject({ phase: { key: "gradual", audiencePercent: 25 }, override: true, unmet: body.unmet });
    expect(await db.stateChange.findUniqueOrThrow({ where: { id: body.changeId } })).toMatchObject({
      featureKey: "grad",
      type: "phase_changed",
    });
  });

  it("rolls back to the previous phase and the decision API restores its audience and threshold", async () => {
    const unit = unitBetween("grad", 5, 25);
    const res = await call(rollback, "grad", { reason: "thumbs-down rate doubled at 25 %" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ direction: "rollback", from: "gradual", to: "early-access", overridden: false });
    expect(await decision("grad", unit)).toMatchObject({ value: false, metadata: { phase: "early-access", confidenceThreshold: 0.9 } });
    const event = await db.auditEvent.findFirstOrThrow({ where: { target: "grad", action: "feature.rollback" } });
    expect(event.reason).toBe("thumbs-down rate doubled at 25 %");

    const feature = await db.feature.findUniqueOrThrow({ where: { key: "grad" }, include: { phases: true } });
    const byKey = Object.fromEntries(feature.phases.map((p) => [p.key, p]));
    expect(byKey["gradual"]!.endedAt).not.toBeNull();
    expect(byKey["early-access"]!.endedAt).toBeNull();
    const runs = await phaseTimeline(feature.id);
    expect(runs.map((r) => [r.phaseKey, r.outcome, r.endedAt === null])).toEqual([
      ["early-access", "advanced", false],
      ["gradual", "rolled_back", false],
      ["early-access", null, true],
    ]);
    expect(runs[2]!.startedAt.getTime()).toBe(runs[1]!.endedAt!.getTime());
  });

  it("409s: no previous phase, no next phase, paused; 404 for an unknown feature; 403 without the operate scope", async () => {
    await givenFeature("grad-first", "beta");
    await givenFeature("grad-last", "full");
    const first = await call(rollback, "grad-first", { reason: "r" });
    expect([first.status, (await first.json()).error.code]).toEqual([409, "no_previous_phase"]);
    const last = await call(advance, "grad-last", { reason: "r", override: true });
    expect([last.status, (await last.json()).error.code]).toEqual([409, "no_next_phase"]);
    await pauseFeature({ key: "grad-first", reason: "incident", actor: "test" });
    const paused = await call(advance, "grad-first", { reason: "r", override: true });
    expect([paused.status, (await paused.json()).error.code]).toEqual([409, "feature_paused"]);
    await resumeFeature({ key: "grad-first", reason: "fixed", actor: "test" });
    expect((await call(advance, "no-such", { reason: "r" })).status).toBe(404);
    expect((await call(advance, "grad", { reason: "r", override: true }, await givenKey(["read", "evaluate", "ingest"]))).status).toBe(403);
  });

  it("advances without an override once the live evidence meets every criterion", async () => {
    const startedAt = new Date(Date.now() - 3 * 86_400_000);
    await createFeature(
      {
        key: "grad-ready",
        name: "Ready",
        stakes: "low",
        fallback: "The transcript without a summary",
        plan: planWith({
          beta: {
            minDurationDays: 2,
            successCriteria: { accuracyMin: 0.8, minLabels: 100, thumbsUpMin: 0.7, maxCriticalTickets: 0, noOpenAlerts: true },
          },
        }),
        currentPhase: "beta",
        phaseStartedAt: startedAt,
      },
      "test",
    );
    const draft = await saveChecklist("grad-ready", COMPLETE_CHECKLIST, "user:admin@example.com");
    expect(draft.audited).toBe(false); // no traffic yet: still a draft

    const events: unknown[] = [];
    for (let i = 0; i < 150; i++) {
      events.push({ type: "output", id: `o-${i}`, feature: "grad-ready", confidence: 0.95, unit: `u-${i}` });
      events.push({ type: "label", outputId: `o-${i}`, feature: "grad-ready", correct: i % 25 !== 0 });
      if (i < 40) events.push({ type: "feedback", outputId: `o-${i}`, feature: "grad-ready", value: "up" });
    }
    const half = events.length / 2;
    expect((await ingestEvents(events.slice(0, 60))).rejected).toEqual([]);

    const early = await graduationReport("grad-ready");
    expect(early!.graduation!.criteria.find((c) => c.id === "accuracy")!.status).toBe("insufficient");
    const refused = await call(advance, "grad-ready", { reason: "r" });
    expect(refused.status).toBe(409);

    expect((await ingestEvents(events.slice(60, half))).rejected).toEqual([]);
    expect((await ingestEvents(events.slice(half))).rejected).toEqual([]);
    const report = await graduationReport("grad-ready");
    expect(report!.graduation!.missing).toEqual([]);
    expect(report!.graduation!.criteria.find((c) => c.id === "accuracy")).toMatchObject({ status: "met", sampleSize: 150, value: 0.96 });

    const res = await call(advance, "grad-ready", { reason: "criteria met after 3 days" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ from: "beta", to: "early-access", overridden: false, unmet: [] });
    expect(await db.auditEvent.count({ where: { target: "grad-ready", action: "feature.advance" } })).toBe(1);

    // Once the rollout has started, checklist edits are audited with before and after.
    const edited = await saveChecklist(
      "grad-ready",
      { ...COMPLETE_CHECKLIST, edgeCases: { patterns: ["empty input"], casesTested: 12 } },
      "user:admin@example.com",
    );
    expect(edited.audited).toBe(true);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { target: "grad-ready", action: "checklist.update" } });
    expect(JSON.parse(audit.before!).edgeCases.casesTested).toBe(40);
    expect(JSON.parse(audit.after!).edgeCases.casesTested).toBe(12);
  });
});
