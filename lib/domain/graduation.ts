import type { SuccessCriteria } from "./plan";
import { wilsonInterval, type Interval } from "./stats";

// Is the current phase ready to advance? Each success criterion is judged on the live evidence of
// this run of the phase, honestly: a rate criterion is met only when its whole 95 % interval clears
// the bar (and, for accuracy, enough labels are in), not met when the whole interval misses it, and
// otherwise there is not enough evidence yet. Time in phase is measured against the minimum.

export type CriterionStatus = "met" | "not_met" | "insufficient";

export interface CriterionResult {
  id: string;
  label: string;
  status: CriterionStatus;
  /** the observed value (a rate or a count), null when nothing was observed */
  value: number | null;
  interval: Interval | null;
  sampleSize: number | null;
  /** what the evidence says, in words */
  message: string;
}

export interface PhaseEvidence {
  labelled: number;
  correct: number;
  thumbsUp: number;
  thumbsDown: number;
  criticalTickets: number;
  /** alerts not yet resolved */
  openAlerts: number;
  /** roles that signed off in the readiness checklist */
  signOffRoles: string[];
  /** what the readiness checklist still lacks (empty: complete); null = do not judge the checklist */
  checklistMissing: string[] | null;
}

export interface DurationResult {
  status: "met" | "not_met";
  elapsedDays: number;
  minDays: number;
  /** when the minimum is reached (ms), null when the phase has not started */
  endsAt: number | null;
  message: string;
}

export interface Graduation {
  ready: boolean;
  criteria: CriterionResult[];
  duration: DurationResult;
  /** one line per criterion that is not met (or lacks evidence), and the time still to go */
  missing: string[];
}

export interface GraduationInput {
  criteria: SuccessCriteria;
  minDurationDays: number;
  /** start of this run of the phase (ms) */
  startedAt: number | null;
  now: number;
  evidence: PhaseEvidence;
}

const DAY_MS = 86_400_000;
const pct = (x: number) => `${Number((x * 100).toFixed(1))} %`;
const range = ([lo, hi]: Interval) => `${pct(lo)}–${pct(hi)}`;
const count = (n: number) => n.toLocaleString("en-US");

/**
 * A proportion against a floor: met when the Wilson lower bound clears it with at least
 * `minSample` observations, not met when even the upper bound is below it, else insufficient.
 */
export function judgeFloor(
  successes: number,
  n: number,
  floor: number,
  minSample: number,
): { status: CriterionStatus; interval: Interval } {
  const interval = wilsonInterval(successes, n);
  if (n > 0 && interval[1] < floor) return { status: "not_met", interval };
  if (n >= minSample && interval[0] >= floor) return { status: "met", interval };
  return { status: "insufficient", interval };
}

function accuracyCriterion(c: SuccessCriteria, e: PhaseEvidence): CriterionResult {
  const { status, interval } = judgeFloor(e.correct, e.labelled, c.accuracyMin, c.minLabels);
  const value = e.labelled > 0 ? e.correct / e.labelled : null;
  const observed = value === null ? "no labels yet" : `${pct(value)} (95 % CI ${range(interval)}) on ${count(e.labelled)} labels`;
  const message =
    status === "met"
      ? `${observed}: the lower bound clears ${pct(c.accuracyMin)}`
      : status === "not_met"
        ? `${observed}: even the upper bound is below ${pct(c.accuracyMin)}`
        : e.labelled === 0
          ? `no labels yet; ${count(c.minLabels)} needed`
          : e.labelled < c.minLabels
            ? `${observed}; ${count(c.minLabels - e.labelled)} more labels needed (${count(c.minLabels)} in all)`
            : `${observed}: the interval still includes ${pct(c.accuracyMin)}, more labels needed`;
  return {
    id: "accuracy",
    label: `Accuracy ≥ ${pct(c.accuracyMin)} with ≥ ${count(c.minLabels)} labels`,
    status,
    value,
    interval: e.labelled > 0 ? interval : null,
    sampleSize: e.labelled,
    message,
  };
}

function thumbsCriterion(min: number, e: PhaseEvidence): CriterionResult {
  const n = e.thumbsUp + e.thumbsDown;
  const { status, interval } = judgeFloor(e.thumbsUp, n, min, 1);
  const value = n > 0 ? e.thumbsUp / n : null;
  const observed = value === null ? "no thumbs yet" : `${pct(value)} up (95 % CI ${range(interval)}) of ${count(n)} thumbs`;
  const message =
    status === "met"
      ? `${observed}: the lower bound clears ${pct(min)}`
      : status === "not_met"
        ? `${observed}: even the upper bound is below ${pct(min)}`
        : `${observed}: not enough thumbs to tell`;
  return { id: "thumbs_up", label: `Thumbs up ≥ ${pct(min)}`, status, value, interval: n > 0 ? interval : null, sampleSize: n, message };
}

function countCriterion(id: string, label: string, value: number, max: number, what: string): CriterionResult {
  const status: CriterionStatus = value <= max ? "met" : "not_met";
  return {
    id,
    label,
    status,
    value,
    interval: null,
    sampleSize: null,
    message: `${count(value)} ${what}${value === 1 ? "" : "s"}${status === "met" ? "" : ` (at most ${count(max)})`}`,
  };
}

export function evaluateGraduation(input: GraduationInput): Graduation {
  const { criteria: c, evidence: e } = input;
  const results: CriterionResult[] = [accuracyCriterion(c, e)];
  if (c.thumbsUpMin !== undefined) results.push(thumbsCriterion(c.thumbsUpMin, e));
  if (c.maxCriticalTickets !== undefined) {
    const label = c.maxCriticalTickets === 0 ? "No critical tickets" : `At most ${c.maxCriticalTickets} critical tickets`;
    results.push(countCriterion("critical_tickets", label, e.criticalTickets, c.maxCriticalTickets, "critical ticket"));
  }
  if (c.noOpenAlerts) {
    results.push(countCriterion("open_alerts", "No open alerts", e.openAlerts, 0, "unresolved alert"));
  }
  for (const role of c.requiredSignOffs ?? []) {
    const signed = e.signOffRoles.includes(role);
    results.push({
      id: `sign_off:${role}`,
      label: `${role[0]!.toUpperCase()}${role.slice(1)} sign-off`,
      status: signed ? "met" : "not_met",
      value: null,
      interval: null,
      sampleSize: null,
      message: signed ? `recorded in the readiness checklist` : `no ${role} sign-off in the readiness checklist`,
    });
  }
  if (e.checklistMissing !== null) {
    const done = e.checklistMissing.length === 0;
    results.push({
      id: "checklist",
      label: "Readiness checklist complete",
      status: done ? "met" : "not_met",
      value: null,
      interval: null,
      sampleSize: null,
      message: done ? "every item is done" : `still open: ${e.checklistMissing.join("; ")}`,
    });
  }
  const duration = evaluateDuration(input.startedAt, input.minDurationDays, input.now);
  const missing = [
    ...results
      .filter((r) => r.status !== "met")
      .map((r) => `${r.label} — ${r.status === "insufficient" ? "not enough evidence: " : ""}${r.message}`),
    ...(duration.status === "met" ? [] : [`Minimum time in phase — ${duration.message}`]),
  ];
  return { ready: missing.length === 0, criteria: results, duration, missing };
}

export function evaluateDuration(startedAt: number | null, minDays: number, now: number): DurationResult {
  if (startedAt === null)
    return { status: minDays > 0 ? "not_met" : "met", elapsedDays: 0, minDays, endsAt: null, message: "the phase has not started" };
  const elapsedDays = Math.max(0, (now - startedAt) / DAY_MS);
  const endsAt = startedAt + minDays * DAY_MS;
  const shown = (d: number) => Number(d.toFixed(1));
  if (elapsedDays >= minDays) {
    return { status: "met", elapsedDays, minDays, endsAt, message: `${shown(elapsedDays)} days in phase (minimum ${minDays})` };
  }
  return {
    status: "not_met",
    elapsedDays,
    minDays,
    endsAt,
    message: `${shown(elapsedDays)} of ${minDays} days; ${shown(minDays - elapsedDays)} days to go (until ${new Date(endsAt).toISOString().slice(0, 10)})`,
  };
}
