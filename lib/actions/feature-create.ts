"use server";

import { roleAction } from "@/lib/actions/guard";
import { userActor } from "@/lib/auth";
import { createFeatureFromTemplate } from "@/lib/data/feature-setup";
import { ZNewFeature } from "@/lib/schemas/feature";

/** Creates a feature from the plan template of its stakes (or the one chosen), in its first phase. */
export const createFeatureAction = roleAction("admin", ZNewFeature, async (input, user) => {
  const f = await createFeatureFromTemplate(input, userActor(user).label);
  return { key: f.key, phase: f.currentPhase?.key ?? null };
});
