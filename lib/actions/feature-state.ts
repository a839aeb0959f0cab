"use server";

import { roleAction } from "@/lib/actions/guard";
import { userActor } from "@/lib/auth";
import { pauseFeature } from "@/lib/use-cases/pause";
import { resumeFeature } from "@/lib/use-cases/resume";
import { ZStateChangeAction } from "@/lib/schemas/feature-state";

// The feature page's kill switch: operators and admins, always with a reason. The data layer
// writes state, audit event and stream row in one transaction and returns once this instance's
// decision snapshot answers with the new state.

export const pauseFeatureAction = roleAction("operator", ZStateChangeAction, ({ feature, reason }, user) =>
  pauseFeature({ key: feature, reason, actor: userActor(user).label }),
);

export const resumeFeatureAction = roleAction("operator", ZStateChangeAction, ({ feature, reason }, user) =>
  resumeFeature({ key: feature, reason, actor: userActor(user).label }),
);
