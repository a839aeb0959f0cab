import { count, percent } from "./numbers";

// Words for the kill switch and alerts: what a pause will do, and an alert's figure with its
// interval and sample — never a bare number.

export interface AffectedUsersInput {
  users: number;
  answers: number;
  answersWithoutUser: number;
}

/** The confirm step's sentence and its basis, e.g. "About 412 users stop getting AI answers." */
export function affectedUsersText(e: AffectedUsersInput, phaseName: string): { headline: string; basis: string } {
  const people = (n: number) => `${count(n)} ${n === 1 ? "user" : "users"}`;
  const headline =
    e.users > 0
      ? `About ${people(e.users)} ${e.users === 1 ? "stops" : "stop"} getting AI answers.`
      : e.answers > 0
        ? "Users stop getting AI answers; how many is unknown (no user ids were sent)."
        : "No one was shown an AI answer recently, so no one notices right away; new requests get the fallback.";
  const anonymous =
    e.answersWithoutUser > 0
      ? ` ${count(e.answersWithoutUser)} of the ${count(e.answers)} answers carried no user id and are not counted.`
      : "";
  const basis =
    e.answers > 0
      ? `Estimate: distinct users shown an AI answer in the ${phaseName} phase in the last 24 hours (${count(e.answers)} answers).${anonymous}`
      : `Estimate: no AI answers were shown in the ${phaseName} phase in the last 24 hours.`;
  return { headline, basis };
}

/** "phase beta, segment internal", "all phases and segments" */
export function scopeText(phase: string | null, segment: string | null): string {
  if (!phase && !segment) return "all phases and segments";
  return [phase ? `phase ${phase}` : "all phases", segment ? `segment ${segment}` : "all segments"].join(", ");
}

const SAMPLE_NOUN: Record<string, string> = {
  accuracy_floor: "labels",
  accuracy_drop: "labels",
  thumbs_down_ceiling: "thumbs",
  overconfidence: "labels",
  accuracy: "labels",
  thumbs_down: "thumbs",
  confident_wrong: "confident labels",
  judge: "judged outputs",
  estimate: "outputs",
  judge_agreement_drop: "outputs labelled by both",
  latency_ceiling: "timed outputs",
  cost_ceiling: "priced outputs",
};

/** An alert's value with its 95 % interval and sample: "71.0 % (64.3–76.9 %, n = 200 labels)". */
export function alertValueText(a: {
  metric: string;
  kind?: string;
  value: number;
  lower: number | null;
  upper: number | null;
  sampleSize: number;
}): string {
  // a sequential ticket rule's value is a rate per output
  if (a.metric === "critical_tickets" && a.kind === "sequential")
    return `${(a.value * 1000).toFixed(1)} critical tickets per 1000 outputs (n = ${count(a.sampleSize)} outputs)`;
  if (a.metric === "product_disobeyed") return `${count(a.value)} AI ${a.value === 1 ? "answer" : "answers"} shown while paused`;
  if (a.metric === "critical_tickets") return `${count(a.value)} critical ${a.value === 1 ? "ticket" : "tickets"}`;
  // neither is a share: a p95 in ms, a cost per output (the alert keeps no currency: the message names it)
  if (a.metric === "latency_ceiling") return `p95 ${Math.round(a.value)} ms (n = ${count(a.sampleSize)} timed outputs)`;
  if (a.metric === "cost_ceiling") return `${a.value.toPrecision(3)} per output (n = ${count(a.sampleSize)} priced outputs)`;
  const noun = SAMPLE_NOUN[a.metric] ?? "samples";
  const v = a.metric === "overconfidence" ? `${(a.value * 100).toFixed(1)} points` : percent(a.value);
  const band =
    a.lower !== null && a.upper !== null
      ? a.metric === "overconfidence"
        ? `${(a.lower * 100).toFixed(1)} to ${(a.upper * 100).toFixed(1)} points`
        : `${percent(a.lower)}–${percent(a.upper)}`
      : null;
  return `${v} (${band ? `95 % interval ${band}, ` : ""}n = ${count(a.sampleSize)} ${noun})`;
}

/** The actor label in words; `ruleName` for "rule:<id>" labels when the rule still exists. */
export function actorName(label: string, ruleName?: string | null): string {
  const [kind, ...rest] = label.split(":");
  const id = rest.join(":");
  if (kind === "user") return id;
  if (kind === "key") return `API key ${id}`;
  if (kind === "rule") return ruleName ? `rule “${ruleName}”` : "an alert rule";
  if (label === "cli") return "the command line";
  if (label === "system:demo") return "the demo data";
  if (label === "system:retention") return "the retention purge";
  return label;
}
