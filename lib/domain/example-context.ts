import { bucketOf, inAudience } from "./targeting";

// The Integrate panel's first call: an evaluation context that the current phase serves, so the
// curl a newcomer copies answers `value: true` instead of a puzzling `false`. Server-only (hashes
// with node:crypto, as the decision API does).

export interface ExampleContext {
  targetingKey: string;
  segment?: string;
  inputType?: string;
}

/**
 * The first of user-1, user-2, … in the phase's audience, with the phase's first segment and input
 * type (none when it serves every segment or every type); null when the phase serves nobody (0 %).
 */
export function exampleContext(
  featureKey: string,
  phase: { audiencePercent: number; segments: string[]; inputTypes: string[] },
  maxTries = 100_000,
): ExampleContext | null {
  if (phase.audiencePercent <= 0) return null;
  for (let i = 1; i <= maxTries; i++) {
    const unit = `user-${i}`;
    if (!inAudience(bucketOf(featureKey, unit), phase.audiencePercent)) continue;
    return {
      targetingKey: unit,
      ...(phase.segments.length ? { segment: phase.segments[0] } : {}),
      ...(phase.inputTypes.length ? { inputType: phase.inputTypes[0] } : {}),
    };
  }
  return null;
}
