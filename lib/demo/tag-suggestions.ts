// Failure patterns a reviewer of each demo feature would reach for first: offered in the tag
// input (and on keys 1–9) until the team's own tags take their place.

const BY_FEATURE: Record<string, string[]> = {
  "portfolio-advisor": [
    "ignores market move",
    "overconfident advice",
    "contradicts risk profile",
    "stale market data",
    "hallucinated number",
  ],
  "code-assist": ["missing join condition", "wrong aggregation", "does not compile", "unsafe shell command", "off-by-one"],
  "meeting-summary": ["wrong action owner", "missed decision", "hallucinated attendee", "too long", "wrong meeting topic"],
};

/** Starter tags of a demo feature ([] for any other feature). */
export function demoTagSuggestions(featureKey: string): string[] {
  return BY_FEATURE[featureKey] ?? [];
}
