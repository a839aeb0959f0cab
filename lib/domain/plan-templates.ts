import type { PhasePlan } from "./plan";

// Plan templates by stakes. The lower the stakes, the wider the first audience and the looser the
// guardrails; a high-stakes (advice-like) feature starts with employees only, every answer reviewed,
// and needs legal sign-off before anyone outside the company sees it.

export type StakesLevel = "low" | "medium" | "high";

export interface TemplateSegment {
  key: string;
  name: string;
  reason: string;
}

export interface PlanTemplate {
  stakes: StakesLevel;
  title: string;
  /** the kind of feature it suits */
  example: string;
  summary: string;
  /** segments the plan limits phases to; created with these reasons when missing */
  segments: TemplateSegment[];
  plan: PhasePlan[];
}

const POWER_USERS: TemplateSegment = {
  key: "beta-power-users",
  name: "Beta power users",
  reason: "Opted in to early features, expect rough edges and give detailed feedback.",
};
const EMPLOYEES: TemplateSegment = {
  key: "internal",
  name: "Employees",
  reason: "Employees know the feature is new, report problems directly and never act on an answer unchecked.",
};

const CODE_REVIEW = "A developer reviews the generated code before it runs";
const SUMMARY_DISCLOSURE = "AI-generated summary — it may miss or misattribute details";
const CODE_DISCLOSURE = "AI-generated — verify thoroughly before running";
const ADVICE_DISCLOSURE = "Educational only, not financial advice — AI-generated, check with a qualified advisor";
/** Code generation starts with the languages it handles best and adds the others on evidence. */
const BEST_LANGUAGES = ["python", "typescript"];
const ADVISOR_REVIEW = "A qualified advisor checks every answer before the user sees it";

const LOW: PlanTemplate = {
  stakes: "low",
  title: "Low stakes",
  example: "summarisation",
  summary: "Start at 5 % of power users with an 80 % confidence threshold for 2 weeks, then widen.",
  segments: [POWER_USERS],
  plan: [
    {
      key: "pilot",
      name: "Power-user pilot",
      audiencePercent: 5,
      segments: [POWER_USERS.key],
      confidenceThreshold: 0.8,
      reviewRate: 0.05,
      rateLimitPerMinute: null,
      minDurationDays: 14,
      successCriteria: { accuracyMin: 0.8, minLabels: 200, thumbsUpMin: 0.8, maxCriticalTickets: 0, noOpenAlerts: true },
      rationale: "A wrong summary costs a reread; power users spot it and tell us. A 5 % sample gives labels without much review work.",
      lowConfidence: "flag",
      disclosure: SUMMARY_DISCLOSURE,
    },
    {
      key: "gradual",
      name: "Gradual",
      audiencePercent: 25,
      segments: [],
      confidenceThreshold: 0.8,
      reviewRate: 0.01,
      rateLimitPerMinute: null,
      minDurationDays: 14,
      successCriteria: { accuracyMin: 0.8, minLabels: 500, thumbsUpMin: 0.8, maxCriticalTickets: 0, noOpenAlerts: true },
      rationale: "The pilot held its floor; a quarter of everyone shows whether it holds on ordinary users' content.",
      lowConfidence: "flag",
      disclosure: SUMMARY_DISCLOSURE,
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
      successCriteria: { accuracyMin: 0.8, minLabels: 1000, noOpenAlerts: true },
      rationale: "Everyone; alerts and the kill switch stay on.",
      lowConfidence: "flag",
      disclosure: SUMMARY_DISCLOSURE,
    },
  ],
};

const MEDIUM: PlanTemplate = {
  stakes: "medium",
  title: "Medium stakes",
  example: "code generation",
  summary:
    "Start at 10 % of beta users with an 85 % threshold, only the languages it handles best, low-confidence code flagged and reviewed before execution, for 4 weeks.",
  segments: [POWER_USERS],
  plan: [
    {
      key: "beta",
      name: "Beta",
      audiencePercent: 10,
      segments: [POWER_USERS.key],
      confidenceThreshold: 0.85,
      reviewRate: 0.1,
      rateLimitPerMinute: 120,
      minDurationDays: 28,
      successCriteria: { accuracyMin: 0.85, minLabels: 500, thumbsUpMin: 0.85, maxCriticalTickets: 0, noOpenAlerts: true },
      expertReview: CODE_REVIEW,
      rationale:
        "Wrong code is caught when a developer reviews it before running it; beta users expect rough edges. Four weeks cover release cycles.",
      inputTypes: BEST_LANGUAGES,
      lowConfidence: "flag",
      disclosure: CODE_DISCLOSURE,
    },
    {
      key: "early-access",
      name: "Early access",
      audiencePercent: 5,
      segments: [],
      confidenceThreshold: 0.85,
      reviewRate: 0.05,
      rateLimitPerMinute: null,
      minDurationDays: 14,
      successCriteria: { accuracyMin: 0.85, minLabels: 1000, thumbsUpMin: 0.85, maxCriticalTickets: 0, noOpenAlerts: true },
      expertReview: CODE_REVIEW,
      rationale: "A small random share of everyone, still reviewed before execution, shows accuracy on ordinary code bases.",
      inputTypes: BEST_LANGUAGES,
      lowConfidence: "flag",
      disclosure: CODE_DISCLOSURE,
    },
    {
      key: "gradual",
      name: "Gradual",
      audiencePercent: 25,
      segments: [],
      confidenceThreshold: 0.85,
      reviewRate: 0.02,
      rateLimitPerMinute: null,
      minDurationDays: 14,
      successCriteria: { accuracyMin: 0.85, minLabels: 1000, thumbsUpMin: 0.85, maxCriticalTickets: 0, noOpenAlerts: true },
      expertReview: CODE_REVIEW,
      rationale: "Accuracy held on real traffic; widen while the alerts watch for drops.",
      inputTypes: [...BEST_LANGUAGES, "bash"],
      lowConfidence: "flag",
      disclosure: CODE_DISCLOSURE,
    },
    {
      key: "full",
      name: "Full",
      audiencePercent: 100,
      segments: [],
      confidenceThreshold: 0.85,
      reviewRate: 0,
      rateLimitPerMinute: null,
      minDurationDays: 0,
      successCriteria: { accuracyMin: 0.85, minLabels: 1000, noOpenAlerts: true },
      expertReview: CODE_REVIEW,
      rationale: "Everyone; review before execution stays part of the product.",
      lowConfidence: "flag",
      disclosure: CODE_DISCLOSURE,
    },
  ],
};

const HIGH: PlanTemplate = {
  stakes: "high",
  title: "High stakes",
  example: "advice",
  summary: "Employees only for 2 weeks, 100 % human review, 95 %+ threshold, educational only, legal sign-off required.",
  segments: [EMPLOYEES, POWER_USERS],
  plan: [
    {
      key: "employees",
      name: "Employees only",
      audiencePercent: 100,
      segments: [EMPLOYEES.key],
      confidenceThreshold: 0.95,
      reviewRate: 1,
      rateLimitPerMinute: 30,
      minDurationDays: 14,
      successCriteria: {
        accuracyMin: 0.95,
        minLabels: 300,
        thumbsUpMin: 0.9,
        maxCriticalTickets: 0,
        noOpenAlerts: true,
        requiredSignOffs: ["legal"],
      },
      expertReview: ADVISOR_REVIEW,
      educationalOnly: true,
      rationale:
        "A wrong answer can cost a customer money: only employees, who never act on it unchecked, see it; every answer is reviewed. Legal signs off before anyone else does.",
      lowConfidence: "fallback",
      disclosure: ADVICE_DISCLOSURE,
    },
    {
      key: "beta",
      name: "Reviewed beta",
      audiencePercent: 10,
      segments: [POWER_USERS.key],
      confidenceThreshold: 0.95,
      reviewRate: 1,
      rateLimitPerMinute: 60,
      minDurationDays: 28,
      successCriteria: {
        accuracyMin: 0.95,
        minLabels: 500,
        thumbsUpMin: 0.9,
        maxCriticalTickets: 0,
        noOpenAlerts: true,
        requiredSignOffs: ["legal"],
      },
      expertReview: ADVISOR_REVIEW,
      educationalOnly: true,
      rationale: "First customers, who opted in; an advisor still checks every answer, so mistakes are caught before they are acted on.",
      lowConfidence: "fallback",
      disclosure: ADVICE_DISCLOSURE,
    },
    {
      key: "early-access",
      name: "Early access",
      audiencePercent: 2,
      segments: [],
      confidenceThreshold: 0.95,
      reviewRate: 0.25,
      rateLimitPerMinute: null,
      minDurationDays: 28,
      successCriteria: { accuracyMin: 0.95, minLabels: 1000, thumbsUpMin: 0.9, maxCriticalTickets: 0, noOpenAlerts: true },
      educationalOnly: true,
      rationale:
        "Reviewed accuracy held at 95 % or more; now 2 % of everyone, a quarter of answers still reviewed, framed as education, not advice.",
      lowConfidence: "fallback",
      disclosure: ADVICE_DISCLOSURE,
    },
    {
      key: "gradual",
      name: "Gradual",
      audiencePercent: 10,
      segments: [],
      confidenceThreshold: 0.95,
      reviewRate: 0.1,
      rateLimitPerMinute: null,
      minDurationDays: 28,
      successCriteria: { accuracyMin: 0.95, minLabels: 2000, thumbsUpMin: 0.9, maxCriticalTickets: 0, noOpenAlerts: true },
      educationalOnly: true,
      rationale: "Widen slowly: a month per step, because rare failures need many answers to show.",
      lowConfidence: "fallback",
      disclosure: ADVICE_DISCLOSURE,
    },
    {
      key: "full",
      name: "Full",
      audiencePercent: 100,
      segments: [],
      confidenceThreshold: 0.95,
      reviewRate: 0.05,
      rateLimitPerMinute: null,
      minDurationDays: 0,
      successCriteria: { accuracyMin: 0.95, minLabels: 2000, noOpenAlerts: true },
      educationalOnly: true,
      rationale: "Everyone, still educational only, with a standing 5 % review sample.",
      lowConfidence: "fallback",
      disclosure: ADVICE_DISCLOSURE,
    },
  ],
};

export const PLAN_TEMPLATES: Record<StakesLevel, PlanTemplate> = { low: LOW, medium: MEDIUM, high: HIGH };

/** A fresh copy of the template's plan (callers may edit it). */
export function templatePlan(stakes: StakesLevel): PhasePlan[] {
  return structuredClone(PLAN_TEMPLATES[stakes].plan);
}
