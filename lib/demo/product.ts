import type { Client } from "@openfeature/server-sdk";

// The demo product's rules, as a real product would write them: before showing an AI answer, ask
// the decision API (through the official OpenFeature server SDK + OFREP provider) with the task's
// input type; show the AI answer only when the answer is true; below the phase's confidence
// threshold behave as the phase's `lowConfidence` says (fall back, ask the user, or show the answer
// flagged as low-confidence) — and report truthfully what was presented. A disobeying product shows
// the AI answer anyway. (Kept apart from scripts/simulate.ts so new decision metadata is followed here.)

export type Presentation = "plain" | "flagged" | "asked" | "fallback";

export interface ProductAnswer {
  /** an AI answer was on screen (plainly or flagged) */
  shown: boolean;
  presentation: Presentation;
  /** why: "ai", "fallback" (the decision said no), "below_threshold", "disobeyed" */
  because: "ai" | "fallback" | "below_threshold" | "disobeyed";
}

const LOW_CONFIDENCE: Record<string, Presentation> = { fallback: "fallback", ask: "asked", flag: "flagged" };

export async function answerOrFallback(
  client: Client,
  output: { feature: string; unit?: string; segment?: string; inputType?: string; confidence: number },
  options: { disobey: boolean },
): Promise<ProductAnswer> {
  const d = await client.getBooleanDetails(output.feature, false, {
    targetingKey: output.unit ?? "anonymous",
    ...(output.segment ? { segment: output.segment } : {}),
    ...(output.inputType ? { inputType: output.inputType } : {}),
  });
  const disobeyed: ProductAnswer = { shown: true, presentation: "plain", because: "disobeyed" };
  if (!d.value) return options.disobey ? disobeyed : { shown: false, presentation: "fallback", because: "fallback" };
  const threshold = typeof d.flagMetadata?.confidenceThreshold === "number" ? d.flagMetadata.confidenceThreshold : null;
  if (threshold !== null && output.confidence < threshold) {
    if (options.disobey) return disobeyed;
    const presentation = LOW_CONFIDENCE[String(d.flagMetadata?.lowConfidence ?? "fallback")] ?? "fallback";
    return { shown: presentation === "flagged", presentation, because: "below_threshold" };
  }
  return { shown: true, presentation: "plain", because: "ai" };
}
