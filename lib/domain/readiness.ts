import type { ChecklistContent } from "../schemas/checklist";
import type { PhasePlan } from "./plan";

// The "ready to ship" checklist, judged: what is written, what is still open. Guardrails are not
// judged here — they are read off the plan (phase-guardrails.ts).

export interface ReadinessItem {
  id: string;
  label: string;
  done: boolean;
  detail: string;
}

/** Product and engineering always sign off; the plan may require more (e.g. legal). */
export const BASE_SIGN_OFFS = ["product", "engineering"];

export function requiredSignOffs(plan: Pick<PhasePlan, "successCriteria">[]): string[] {
  return [...new Set([...BASE_SIGN_OFFS, ...plan.flatMap((p) => p.successCriteria.requiredSignOffs ?? [])])];
}

const pct = (x: number) => `${Number((x * 100).toFixed(1))} %`;

/**
 * `disclosure` is the current phase's: what users are told beside the answer about the AI's limits
 * (the guide's "transparency about AI limitations"); the item is met only when there is one.
 */
export function readinessItems(
  c: ChecklistContent,
  ctx: { fallback: string; requiredSignOffs: string[]; disclosure: string },
): ReadinessItem[] {
  const { accuracyThreshold: bar, measuredAccuracy: measured, sampleSize } = c.heldOut;
  const items: ReadinessItem[] = [
    {
      id: "held_out_threshold",
      label: "Held-out accuracy threshold set",
      done: bar !== null,
      detail: bar === null ? "no threshold written down" : `threshold ${pct(bar)}`,
    },
    {
      id: "held_out_measured",
      label: "Held-out accuracy measured and above the threshold",
      done: bar !== null && measured !== null && measured >= bar,
      detail:
        measured === null
          ? "not measured yet"
          : `measured ${pct(measured)}${sampleSize ? ` on ${sampleSize.toLocaleString("en-US")} examples` : ""}${bar === null ? "" : measured >= bar ? ` (≥ ${pct(bar)})` : ` — below the ${pct(bar)} threshold`}`,
    },
    {
      id: "edge_cases",
      label: "Edge-case patterns tested",
      done: c.edgeCases.patterns.length > 0 && (c.edgeCases.casesTested ?? 0) > 0,
      detail:
        c.edgeCases.patterns.length === 0
          ? "no patterns listed"
          : `${c.edgeCases.patterns.length} pattern${c.edgeCases.patterns.length === 1 ? "" : "s"}, ${c.edgeCases.casesTested ?? 0} cases tested`,
    },
    {
      id: "worst_case",
      label: "Worst case described with its business impact",
      done: Boolean(c.worstCase.scenario && c.worstCase.impact && c.worstCase.estimatedCost !== null),
      detail: !c.worstCase.scenario
        ? "no scenario written"
        : c.worstCase.estimatedCost === null || !c.worstCase.impact
          ? "the impact is not quantified"
          : `estimated ${c.worstCase.estimatedCost.toLocaleString("en-US")} ${c.worstCase.currency} per incident`,
    },
    {
      id: "fallback",
      label: "Fallback behaviour described",
      done: ctx.fallback.trim().length > 0,
      detail: ctx.fallback.trim() || "what users see without the AI is not written down (edit the feature)",
    },
    {
      id: "transparency",
      label: "Users told where the AI might fail",
      done: ctx.disclosure.trim().length > 0,
      detail: ctx.disclosure.trim()
        ? `disclosure: “${ctx.disclosure.trim()}”`
        : "the current phase has no disclosure to show beside the answer (edit the plan)",
    },
  ];
  for (const role of ctx.requiredSignOffs) {
    const s = c.signOffs.find((x) => x.role === role);
    items.push({
      id: `sign_off:${role}`,
      label: `${role[0]!.toUpperCase()}${role.slice(1)} sign-off`,
      done: Boolean(s),
      detail: s ? `${s.name}, ${s.at}` : "not signed off",
    });
  }
  return items;
}

/** The labels of the items still open. */
export const openItems = (items: ReadinessItem[]) => items.filter((i) => !i.done).map((i) => i.label.toLowerCase());
