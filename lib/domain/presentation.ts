import type { LowConfidenceMode } from "./plan";

// How the product presented an output: the answer shown plainly, shown flagged as low-confidence,
// the user asked for input instead of a guess, or the non-AI fallback. "shown" (the older field)
// is true for the first two.

export const PRESENTATIONS = ["plain", "flagged", "asked", "fallback"] as const;
export type Presentation = (typeof PRESENTATIONS)[number];

export const isShown = (p: Presentation) => p === "plain" || p === "flagged";

/** What the phase's below-threshold behaviour makes of an answer under the threshold. */
const BELOW: Record<LowConfidenceMode, Presentation> = { fallback: "fallback", ask: "asked", flag: "flagged" };

/**
 * The presentation the product reported, or else the one its `shown` implies, or else the one the
 * phase's threshold and below-threshold behaviour prescribe for this confidence (plain when it
 * came without one).
 */
export function presentationOf(
  e: { presentation?: Presentation; shown?: boolean; confidence?: number | null },
  phase: { confidenceThreshold: number; lowConfidence: LowConfidenceMode } | undefined,
): Presentation {
  if (e.presentation) return e.presentation;
  if (e.shown !== undefined) return e.shown ? "plain" : "fallback";
  // without a confidence there is nothing to hold against the threshold: the answer was shown
  if (e.confidence === undefined || e.confidence === null) return "plain";
  const threshold = phase?.confidenceThreshold ?? 0;
  return e.confidence >= threshold ? "plain" : BELOW[phase?.lowConfidence ?? "fallback"];
}
