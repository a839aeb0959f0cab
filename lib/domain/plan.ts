// The default rollout plan (DESIGN.md): Beta → Early access → Gradual → Full.

export interface SuccessCriteria {
  /** accuracy floor the phase must hold (its Wilson lower bound, with enough labels) */
  accuracyMin: number;
  minLabels: number;
  /** share of thumbs that are up */
  thumbsUpMin?: number;
  maxCriticalTickets?: number;
  noOpenAlerts?: boolean;
  /** sign-off roles (e.g. "legal") that the readiness checklist must record before leaving the phase */
  requiredSignOffs?: string[];
}

/** What the product does with an answer below the confidence threshold (the guide's three ways). */
export const LOW_CONFIDENCE_MODES = ["fallback", "ask", "flag"] as const;
export type LowConfidenceMode = (typeof LOW_CONFIDENCE_MODES)[number];

export const LOW_CONFIDENCE_NAMES: Record<LowConfidenceMode, string> = {
  fallback: "fall back to the non-AI version",
  ask: "ask the user for input instead of guessing",
  flag: "show the answer flagged as low-confidence",
};

export interface PhasePlan {
  key: string;
  name: string;
  audiencePercent: number;
  segments: string[];
  confidenceThreshold: number;
  reviewRate: number;
  rateLimitPerMinute: number | null;
  minDurationDays: number;
  successCriteria: SuccessCriteria;
  /** who checks an answer before it takes effect (e.g. "a developer reviews code before it runs"); "" or absent = none */
  expertReview?: string;
  /** answers are framed as educational only, never as advice */
  educationalOnly?: boolean;
  /** why this step's users and guardrails are safe enough */
  rationale?: string;
  /** the input types (task kinds) this phase serves; empty or absent = every type */
  inputTypes?: string[];
  /** below the confidence threshold; absent = "fallback" */
  lowConfidence?: LowConfidenceMode;
  /** shown beside the answer, e.g. "AI-generated — verify thoroughly"; "" or absent = none */
  disclosure?: string;
}

const DISCLOSURE = "AI-generated — it can be wrong; check anything that matters";

export const DEFAULT_PLAN: PhasePlan[] = [
  {
    key: "beta",
    name: "Beta",
    audiencePercent: 100,
    segments: ["internal", "beta-power-users"],
    confidenceThreshold: 0.95,
    reviewRate: 1,
    rateLimitPerMinute: 60,
    minDurationDays: 14,
    successCriteria: { accuracyMin: 0.9, minLabels: 500, thumbsUpMin: 0.9, maxCriticalTickets: 0, noOpenAlerts: true },
    rationale: "Allow-listed power users expect rough edges and report problems; every answer is reviewed and the volume is capped.",
    disclosure: DISCLOSURE,
  },
  {
    key: "early-access",
    name: "Early access",
    audiencePercent: 5,
    segments: [],
    confidenceThreshold: 0.9,
    reviewRate: 0.05,
    rateLimitPerMinute: null,
    minDurationDays: 14,
    successCriteria: { accuracyMin: 0.88, minLabels: 500, thumbsUpMin: 0.9, maxCriticalTickets: 0, noOpenAlerts: true },
    rationale: "A small random share of everyone: real traffic, few people affected by a mistake, a review sample keeps labels coming.",
    disclosure: DISCLOSURE,
  },
  {
    key: "gradual",
    name: "Gradual",
    audiencePercent: 25,
    segments: [],
    confidenceThreshold: 0.85,
    reviewRate: 0,
    rateLimitPerMinute: null,
    minDurationDays: 14,
    successCriteria: { accuracyMin: 0.85, minLabels: 1000, thumbsUpMin: 0.9, maxCriticalTickets: 0, noOpenAlerts: true },
    rationale: "Accuracy has held on real traffic; widen the audience while the alerts watch for drops.",
    disclosure: DISCLOSURE,
  },
  {
    key: "full",
    name: "Full",
    audiencePercent: 100,
    segments: [],
    confidenceThreshold: 0.8,
    reviewRate: 0,
    rateLimitPerMinute: null,
    minDurationDays: 0,
    successCriteria: { accuracyMin: 0.85, minLabels: 1000, noOpenAlerts: true },
    rationale: "Held its floor at scale; everyone gets it, monitoring and the kill switch stay on.",
    disclosure: DISCLOSURE,
  },
];

/** The default plan with per-phase overrides (e.g. a Gradual phase at 15 %). */
export function planWith(overrides: Record<string, Partial<PhasePlan>> = {}): PhasePlan[] {
  return DEFAULT_PLAN.map((p) => ({ ...p, ...overrides[p.key] }));
}
