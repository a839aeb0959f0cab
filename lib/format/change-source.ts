import type { FeatureChange } from "../domain/feature-changes";
import { actorName } from "./kill-switch";

/** Who made a change ("by alice@…"), or, for a model first seen, where it was seen. */
export function changeSource(c: Pick<FeatureChange, "kind" | "actor">): string {
  return c.kind === "model" ? "— seen in the outputs" : `by ${actorName(c.actor)}`;
}
