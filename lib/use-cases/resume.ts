import { AppError } from "../errors";
import { hasPendingPause, storePendingPauses } from "./pause";
import { storeStateChange, type FeatureStateResult, type StateChangeRequest } from "./state-change";

// Resume: a human decision (a rule may never resume), refused while a pause of the feature is in
// effect from memory and cannot be stored yet.

/** Resumes; a pause still waiting to be stored is stored first (if it cannot be, the feature stays paused). */
export async function resumeFeature(req: StateChangeRequest): Promise<FeatureStateResult> {
  if (hasPendingPause(req.key) && !(await storePendingPauses())) {
    throw new AppError(
      "pause_not_stored",
      503,
      `"${req.key}" stays paused: its pause is not stored yet because the database does not take writes. Resume once it does.`,
      undefined,
      { "retry-after": "5" },
    );
  }
  return storeStateChange(req, "running");
}
