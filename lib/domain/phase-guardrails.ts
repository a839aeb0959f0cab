import type { LowConfidenceMode, PhasePlan } from "./plan";

// The five guardrails, read off a phase: never typed twice (the checklist shows these).

export const GUARDRAIL_IDS = ["confidence_threshold", "human_review", "expert_review", "segment_limit", "rate_limit"] as const;
export type GuardrailId = (typeof GUARDRAIL_IDS)[number];

export const GUARDRAIL_NAMES: Record<GuardrailId, string> = {
  confidence_threshold: "Confidence threshold",
  human_review: "Human review",
  expert_review: "Expert review",
  segment_limit: "Segment limit",
  rate_limit: "Rate limit",
};

export interface GuardrailState {
  id: GuardrailId;
  name: string;
  on: boolean;
  detail: string;
}

type GuardedPhase = Pick<PhasePlan, "confidenceThreshold" | "reviewRate" | "segments" | "rateLimitPerMinute"> & {
  expertReview?: string;
  lowConfidence?: LowConfidenceMode;
};

const BELOW: Record<LowConfidenceMode, string> = {
  fallback: "fall back",
  ask: "make the product ask the user for input",
  flag: "are shown flagged as low-confidence",
};

const pct = (x: number) => `${Number((x * 100).toFixed(1))} %`;

export function phaseGuardrails(p: GuardedPhase): GuardrailState[] {
  const expert = p.expertReview?.trim() ?? "";
  const states: Record<GuardrailId, { on: boolean; detail: string }> = {
    confidence_threshold:
      p.confidenceThreshold > 0
        ? { on: true, detail: `answers below ${p.confidenceThreshold.toFixed(2)} ${BELOW[p.lowConfidence ?? "fallback"]}` }
        : { on: false, detail: "every answer is shown, whatever its confidence" },
    human_review:
      p.reviewRate > 0
        ? { on: true, detail: p.reviewRate >= 1 ? "every output is reviewed" : `${pct(p.reviewRate)} of outputs sampled for review` }
        : { on: false, detail: "no review sample" },
    expert_review: expert ? { on: true, detail: expert } : { on: false, detail: "no expert check before an answer takes effect" },
    segment_limit: p.segments.length > 0 ? { on: true, detail: `only ${p.segments.join(", ")}` } : { on: false, detail: "every segment" },
    rate_limit:
      p.rateLimitPerMinute !== null
        ? { on: true, detail: `at most ${p.rateLimitPerMinute} AI answers per minute` }
        : { on: false, detail: "no cap" },
  };
  return GUARDRAIL_IDS.map((id) => ({ id, name: GUARDRAIL_NAMES[id], ...states[id] }));
}
