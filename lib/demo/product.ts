import type { Client } from "@openfeature/server-sdk";

// The demo product's one rule, as a real product would write it: before showing an AI answer, ask
// the decision API (through the official OpenFeature server SDK + OFREP provider); show it only
// when the answer is true and the model's confidence reaches the phase's threshold; otherwise show
// the fallback — and report `shown` truthfully. A disobeying product shows the AI answer anyway.
// (Kept apart from scripts/simulate.ts so new decision metadata can be followed here.)

export interface ProductAnswer {
  shown: boolean;
  /** why: "ai", "fallback" (the decision said no), "below_threshold", "disobeyed" */
  because: "ai" | "fallback" | "below_threshold" | "disobeyed";
}

export async function answerOrFallback(
  client: Client,
  output: { feature: string; unit?: string; segment?: string; confidence: number },
  options: { disobey: boolean },
): Promise<ProductAnswer> {
  const d = await client.getBooleanDetails(output.feature, false, { targetingKey: output.unit ?? "anonymous", ...(output.segment ? { segment: output.segment } : {}) });
  if (!d.value) return options.disobey ? { shown: true, because: "disobeyed" } : { shown: false, because: "fallback" };
  const threshold = typeof d.flagMetadata?.confidenceThreshold === "number" ? d.flagMetadata.confidenceThreshold : null;
  if (threshold !== null && output.confidence < threshold) return options.disobey ? { shown: true, because: "disobeyed" } : { shown: false, because: "below_threshold" };
  return { shown: true, because: "ai" };
}
