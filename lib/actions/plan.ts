"use server";

import { roleAction } from "@/lib/actions/guard";
import { userActor } from "@/lib/auth";
import { advanceFeature, rollbackFeature } from "@/lib/use-cases/move-phase";
import { updatePlan } from "@/lib/data/plans";
import { ZPhaseTransitionAction, ZPlanUpdate } from "@/lib/schemas/plan";

export const updatePlanAction = roleAction("admin", ZPlanUpdate, ({ feature, phases }, user) =>
  updatePlan(feature, phases, userActor(user).label),
);

export const advanceFeatureAction = roleAction("operator", ZPhaseTransitionAction, ({ feature, reason, override }, user) =>
  advanceFeature({ key: feature, reason, override, actor: userActor(user).label }),
);

export const rollbackFeatureAction = roleAction("operator", ZPhaseTransitionAction, ({ feature, reason }, user) =>
  rollbackFeature({ key: feature, reason, actor: userActor(user).label }),
);
