import { phaseGuardrails } from "./phase-guardrails";
import type { PhasePlan, SuccessCriteria } from "./plan";

// The escalation table: for each phase, who gets the feature, under which guardrails, why that is
// safe enough, and what it takes to move on. Words, so a reader needs no legend.

export interface EscalationRow {
  key: string;
  name: string;
  users: string;
  guardrails: string[];
  reasoning: string;
  exit: string[];
}

const pct = (x: number) => `${Number((x * 100).toFixed(1))} %`;

export function describeAudience(p: Pick<PhasePlan, "audiencePercent" | "segments">, segmentNames: Record<string, string> = {}): string {
  const who = p.segments.length === 0 ? "everyone" : p.segments.map((s) => segmentNames[s] ?? s).join(" or ");
  return `${Number(p.audiencePercent.toFixed(2))} % of ${who}`;
}

export function describeCriteria(c: SuccessCriteria, minDurationDays: number): string[] {
  const out = [`accuracy ≥ ${pct(c.accuracyMin)} (lower bound) with ≥ ${c.minLabels} labels`];
  if (c.thumbsUpMin !== undefined) out.push(`thumbs up ≥ ${pct(c.thumbsUpMin)}`);
  if (c.maxCriticalTickets !== undefined)
    out.push(c.maxCriticalTickets === 0 ? "no critical tickets" : `at most ${c.maxCriticalTickets} critical tickets`);
  if (c.noOpenAlerts) out.push("no open alerts");
  for (const role of c.requiredSignOffs ?? []) out.push(`${role} sign-off`);
  if (minDurationDays > 0) out.push(`at least ${minDurationDays} days`);
  return out;
}

export function escalationTable(plan: PhasePlan[], segmentNames: Record<string, string> = {}): EscalationRow[] {
  return plan.map((p) => ({
    key: p.key,
    name: p.name,
    users: describeAudience(p, segmentNames),
    guardrails: [
      ...phaseGuardrails(p)
        .filter((g) => g.on)
        .map((g) => `${g.name}: ${g.detail}`),
      ...(p.educationalOnly ? ["Educational only: answers are framed as information, not advice"] : []),
      ...(p.inputTypes?.length ? [`Input types: only ${p.inputTypes.join(", ")}; other tasks get the fallback`] : []),
      ...(p.disclosure?.trim() ? [`Disclosure: “${p.disclosure.trim()}”`] : []),
    ],
    reasoning: p.rationale?.trim() ?? "",
    exit: describeCriteria(p.successCriteria, p.minDurationDays),
  }));
}
