import type { RuleMetric, RuleParams } from "@/lib/domain/rules";
import { PAUSE_GRACE_MS } from "@/lib/domain/proof";
import type { SequentialParams, SequentialSignal } from "@/lib/domain/sequential-rule";

// How the editor shows each metric's main parameter: shares are edited in percent, counts as is.

export interface ParamField {
  key: keyof RuleParams;
  label: string;
  unit: "%" | "points" | "tickets" | "answers" | "ms" | "per output";
  /** stored value → shown value */
  show: (v: number) => number;
  /** shown value → stored value */
  store: (v: number) => number;
  min: number;
  max: number;
  step: number;
  fallback: number;
}

const share = (key: keyof RuleParams, label: string, unit: "%" | "points", fallback: number): ParamField => ({
  key,
  label,
  unit,
  show: (v) => Math.round(v * 1000) / 10,
  store: (v) => Math.round(v * 10) / 1000,
  min: 0.5,
  max: 99.5,
  step: 0.5,
  fallback,
});

export const PARAM_FIELDS: Record<RuleMetric, ParamField> = {
  accuracy_floor: share("threshold", "Accuracy floor", "%", 0.85),
  accuracy_drop: share("points", "Drop of at least", "points", 0.05),
  thumbs_down_ceiling: share("ceiling", "Thumbs-down ceiling", "%", 0.2),
  critical_tickets: {
    key: "count",
    label: "Critical tickets",
    unit: "tickets",
    show: (v) => v,
    store: (v) => Math.round(v),
    min: 1,
    max: 1000,
    step: 1,
    fallback: 3,
  },
  overconfidence: share("gap", "Confidence above accuracy by", "points", 0.1),
  judge_agreement_drop: share("points", "Agreement drop of at least", "points", 0.05),
  product_disobeyed: {
    key: "count",
    label: "AI answers shown while paused",
    unit: "answers",
    show: (v) => v,
    store: (v) => Math.round(v),
    min: 1,
    max: 1000,
    step: 1,
    fallback: 1,
  },
  latency_ceiling: {
    key: "ms",
    label: "p95 latency above",
    unit: "ms",
    show: (v) => v,
    store: (v) => Math.round(v),
    min: 1,
    max: 3_600_000,
    // the step counts from min: 100 allowed 2901 and 3001 but refused 3000 and the default 5000 (the form would not submit)
    step: 1,
    fallback: 5000,
  },
  cost_ceiling: {
    key: "cost",
    label: "Cost above",
    unit: "per output",
    show: (v) => v,
    store: (v) => v,
    min: 0.000001,
    max: 1000,
    step: 0.000001,
    fallback: 0.01,
  },
};

export const METRIC_LABELS: Record<RuleMetric, string> = {
  accuracy_floor: "Accuracy floor",
  accuracy_drop: "Accuracy drop vs. baseline",
  thumbs_down_ceiling: "Thumbs-down ceiling",
  critical_tickets: "Critical tickets",
  overconfidence: "Overconfidence",
  judge_agreement_drop: "Judge agreement drop vs. baseline",
  product_disobeyed: "AI answers shown while paused",
  latency_ceiling: "Latency ceiling (p95)",
  cost_ceiling: "Cost ceiling (per output)",
};

/** The rule's condition in words: "accuracy < 90 %", "≥ 3 critical tickets". */
export function conditionText(metric: RuleMetric, params: RuleParams): string {
  const f = PARAM_FIELDS[metric];
  const v = f.show((params[f.key] as number | undefined) ?? f.fallback);
  switch (metric) {
    case "accuracy_floor":
      return `accuracy < ${v} %`;
    case "accuracy_drop":
      return `accuracy fell ≥ ${v} points`;
    case "thumbs_down_ceiling":
      return `thumbs down > ${v} %`;
    case "critical_tickets":
      return `≥ ${v} critical tickets`;
    case "overconfidence":
      return `confidence − accuracy > ${v} points`;
    case "judge_agreement_drop":
      return `judge–human agreement fell ≥ ${v} points`;
    case "product_disobeyed":
      return `≥ ${v} AI ${v === 1 ? "answer" : "answers"} shown after a pause (${PAUSE_GRACE_MS / 1000} s grace)`;
    case "latency_ceiling":
      return `p95 latency > ${v} ms`;
    case "cost_ceiling":
      return `cost per priced output > ${v} (ROLLGUARD_MODEL_PRICES' currency)`;
  }
}

export const SIGNAL_LABELS: Record<SequentialSignal, string> = {
  accuracy: "Accuracy (sequential)",
  thumbs_down: "Thumbs-down share (sequential)",
  critical_tickets: "Critical tickets per output (sequential)",
  confident_wrong: "Confidently wrong: share of confident answers labelled wrong (sequential)",
  judge: "Judge's verdicts below their normal (sequential)",
  estimate: "Estimated accuracy (from confidence, sequential)",
};

type AnyRule =
  { kind: "window"; metric: RuleMetric; params: RuleParams } | { kind: "sequential"; metric: SequentialSignal; params: SequentialParams };

export function metricLabel(rule: AnyRule): string {
  return rule.kind === "sequential" ? SIGNAL_LABELS[rule.metric] : METRIC_LABELS[rule.metric];
}

const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;

/** A rule's condition in words, for both kinds. */
export function ruleConditionText(rule: AnyRule): string {
  if (rule.kind === "window") return conditionText(rule.metric, rule.params);
  const p = rule.params;
  const what =
    rule.metric === "accuracy"
      ? "accuracy falls"
      : rule.metric === "judge"
        ? "the share of outputs the judge (a heuristic label) grades correct falls"
        : rule.metric === "estimate"
          ? "the accuracy estimated from the outputs' confidence (through the calibration map) falls"
          : rule.metric === "thumbs_down"
            ? "thumbs-down share rises"
            : rule.metric === "confident_wrong"
              ? "the share of confident answers (at or above the phase's confidence threshold) labelled wrong rises"
              : "critical tickets per output rise";
  const against =
    p.baseline === "fixed" && p.level !== undefined
      ? rule.metric === "accuracy" || rule.metric === "judge" || rule.metric === "estimate"
        ? `below ${pct(p.level)}`
        : rule.metric === "thumbs_down" || rule.metric === "confident_wrong"
          ? `above ${pct(p.level)}`
          : `above ${p.level} per 1000 outputs`
      : p.baseline === "previous_phase"
        ? "against the previous phase (each slice's rate in the phase before it in the plan, over that phase's last 7 days of traffic)"
        : "against its normal (each slice's last 7 days)";
  return `${what} ${against}; at most ${p.falseAlarmsPer30d} false alarm${p.falseAlarmsPer30d === 1 ? "" : "s"} per 30 days over every slice`;
}
