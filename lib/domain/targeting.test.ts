import { describe, expect, it } from "vitest";
import { bucketOf, decide, inAudience, newRateWindow, sampledForReview, type DecisionFeature } from "./targeting";

const units = Array.from({ length: 100_000 }, (_, i) => `user-${i}`);
const buckets = units.map((u) => bucketOf("invoice-summary", u));

const feature = (over: Partial<DecisionFeature["phase"] & object> = {}, state = "running"): DecisionFeature => ({
  id: "f1",
  key: "invoice-summary",
  state,
  phase: {
    id: "p1",
    key: "early-access",
    audiencePercent: 100,
    segments: [],
    confidenceThreshold: 0.9,
    reviewRate: 0,
    rateLimitPerMinute: null,
    inputTypes: [],
    lowConfidence: "fallback",
    educationalOnly: false,
    expertReview: "",
    disclosure: "",
    ...over,
  },
});

describe("audience bucketing", () => {
  it.each([1, 5, 25, 50, 90])("puts %i %% of 100k units in the audience, within ±1 point", (percent) => {
    const share = buckets.filter((b) => inAudience(b, percent)).length / units.length;
    expect(Math.abs(share - percent / 100)).toBeLessThanOrEqual(0.01);
  });

  it("keeps every unit that was in as the audience grows (1 → 5 → 25 → 100 %)", () => {
    const steps = [1, 5, 25, 100];
    for (let i = 1; i < steps.length; i++) {
      const lost = buckets.filter((b) => inAudience(b, steps[i - 1]) && !inAudience(b, steps[i]));
      expect(lost).toHaveLength(0);
    }
  });

  it("gives the same bucket on every call and a different draw per feature", () => {
    expect(bucketOf("invoice-summary", "user-42")).toBe(buckets[42]);
    const other = units.slice(0, 10_000).map((u) => bucketOf("code-assist", u));
    const bothInFivePercent = other.filter((b, i) => inAudience(b, 5) && inAudience(buckets[i], 5)).length;
    // independent draws: about 0.25 % of units are in both 5 % audiences, not 5 %
    expect(bothInFivePercent / 10_000).toBeLessThan(0.01);
  });

  it("admits nobody at 0 % and everybody at 100 %", () => {
    expect(buckets.some((b) => inAudience(b, 0))).toBe(false);
    expect(buckets.every((b) => inAudience(b, 100))).toBe(true);
  });
});

describe("human review sampling", () => {
  it("samples about the phase's rate, independently of the audience draw", () => {
    const sampled = units.filter((u) => sampledForReview("invoice-summary", u, 0.05));
    expect(Math.abs(sampled.length / units.length - 0.05)).toBeLessThanOrEqual(0.01);
    const inAudienceAndSampled = units.filter((u, i) => inAudience(buckets[i], 5) && sampledForReview("invoice-summary", u, 0.05));
    expect(inAudienceAndSampled.length / units.length).toBeLessThan(0.005);
  });
});

describe("decide", () => {
  const now = Date.parse("2026-11-26T12:00:10Z");

  it("answers false with reason DISABLED for everyone when the feature is paused, context or not", () => {
    const r = decide(feature({}, "running"), { targetingKey: "u1" }, null, now);
    expect(r.ok && r.decision.value).toBe(true);
    const paused = decide(feature({}, "paused"), {}, null, now);
    expect(paused).toMatchObject({ ok: true, decision: { value: false, variant: "fallback", reason: "DISABLED" } });
  });

  it("requires a targeting key for a running feature", () => {
    expect(decide(feature(), {}, null, now)).toMatchObject({ ok: false, errorCode: "TARGETING_KEY_MISSING" });
  });

  it("serves only the allowed segments, and reports the phase's threshold", () => {
    const f = feature({ segments: ["internal", "beta-power-users"], confidenceThreshold: 0.95 });
    const inside = decide(f, { targetingKey: "u1", segment: "internal" }, null, now);
    expect(inside).toMatchObject({
      ok: true,
      decision: { value: true, variant: "ai", reason: "TARGETING_MATCH", metadata: { phase: "early-access", confidenceThreshold: 0.95 } },
    });
    expect(decide(f, { targetingKey: "u1", segment: "smb" }, null, now)).toMatchObject({
      decision: { value: false, metadata: { detail: "segment_not_allowed" } },
    });
    expect(decide(f, { targetingKey: "u1" }, null, now)).toMatchObject({ decision: { value: false } });
  });

  it("marks every AI answer for review at rate 1 and none at rate 0", () => {
    const all = decide(feature({ reviewRate: 1 }), { targetingKey: "u1" }, null, now);
    const none = decide(feature({ reviewRate: 0 }), { targetingKey: "u1" }, null, now);
    expect(all.ok && all.decision.metadata.humanReview).toBe(true);
    expect(none.ok && none.decision.metadata.humanReview).toBe(false);
  });

  it("falls back once the phase served its rate limit this minute, and serves again next minute", () => {
    const f = feature({ rateLimitPerMinute: 3 });
    const w = newRateWindow();
    const values = Array.from({ length: 5 }, (_, i) => {
      const r = decide(f, { targetingKey: `u${i}` }, w, now + i);
      return r.ok && r.decision.value;
    });
    expect(values).toEqual([true, true, true, false, false]);
    const next = decide(f, { targetingKey: "u9" }, w, now + 60_000);
    expect(next.ok && next.decision.value).toBe(true);
  });

  it("does not spend the rate limit on units outside the audience", () => {
    const f = feature({ rateLimitPerMinute: 1, audiencePercent: 50 });
    const w = newRateWindow();
    const outside = units.find((u) => !inAudience(bucketOf(f.key, u), 50))!;
    const inside = units.find((u) => inAudience(bucketOf(f.key, u), 50))!;
    decide(f, { targetingKey: outside }, w, now);
    const r = decide(f, { targetingKey: inside }, w, now);
    expect(r.ok && r.decision.value).toBe(true);
  });
});

describe("task filtering by input type", () => {
  const coding = feature({ inputTypes: ["python", "typescript"], lowConfidence: "flag", disclosure: "Generated — verify thoroughly" });

  it("serves a listed input type the ordinary decision, with the phase's guardrails as flat metadata", () => {
    const r = decide(coding, { targetingKey: "u1", inputType: "python" }, null, 0);
    expect(r).toMatchObject({ ok: true, decision: { value: true, variant: "ai", reason: "TARGETING_MATCH" } });
    expect(r.ok && r.decision.metadata).toEqual({
      phase: "early-access",
      confidenceThreshold: 0.9,
      lowConfidence: "flag",
      inputTypes: "python,typescript",
      educationalOnly: false,
      expertReview: "",
      disclosure: "Generated — verify thoroughly",
      humanReview: false,
      detail: "in_audience",
    });
  });

  it("sends an input type the phase does not list, or none when it lists some, to the fallback with the reason", () => {
    const other = decide(coding, { targetingKey: "u1", inputType: "rust" }, null, 0);
    expect(other).toMatchObject({
      ok: true,
      decision: { value: false, variant: "fallback", reason: "TARGETING_MATCH", metadata: { detail: "input_type_not_enabled" } },
    });
    const none = decide(coding, { targetingKey: "u1" }, null, 0);
    expect(none).toMatchObject({ ok: true, decision: { value: false, variant: "fallback", metadata: { detail: "input_type_missing" } } });
  });

  it("admits every input type when the list is empty, and still filters once the rollout is completed", () => {
    expect(decide(feature(), { targetingKey: "u1", inputType: "anything" }, null, 0)).toMatchObject({ decision: { value: true } });
    const done = { ...coding, state: "completed" };
    expect(decide(done, { targetingKey: "u1", inputType: "python" }, null, 0)).toMatchObject({
      decision: { value: true, reason: "STATIC" },
    });
    expect(decide(done, { targetingKey: "u1", inputType: "rust" }, null, 0)).toMatchObject({
      decision: { value: false, metadata: { detail: "input_type_not_enabled" } },
    });
  });

  it("spends no rate-limit unit on a filtered-out input type", () => {
    const limited = feature({ inputTypes: ["python"], rateLimitPerMinute: 1 });
    const w = newRateWindow();
    decide(limited, { targetingKey: "u1", inputType: "rust" }, w, 1000);
    expect(decide(limited, { targetingKey: "u2", inputType: "python" }, w, 1000)).toMatchObject({ decision: { value: true } });
  });
});
