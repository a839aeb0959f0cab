// The default rollout plan (DESIGN.md): Beta → Early access → Gradual → Full.

export interface SuccessCriteria {
  /** accuracy floor the phase must hold (its Wilson lower bound, with enough labels) */
  accuracyMin: number;
  minLabels: number;
  /** share of thumbs that are up */
  thumbsUpMin?: number;
  maxCriticalTickets?: number;
  noOpenAlerts?: boolean;
}

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
}

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
  },
];

/** The default plan with per-phase overrides (e.g. a Gradual phase at 15 %). */
export function planWith(overrides: Record<string, Partial<PhasePlan>> = {}): PhasePlan[] {
  return DEFAULT_PLAN.map((p) => ({ ...p, ...overrides[p.key] }));
}
