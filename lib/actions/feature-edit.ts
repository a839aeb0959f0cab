"use server";

import { roleAction } from "@/lib/actions/guard";
import { userActor } from "@/lib/auth";
import { updateFeatureDetails } from "@/lib/data/feature-setup";
import { ZFeatureUpdate } from "@/lib/schemas/feature";

export const updateFeatureAction = roleAction("admin", ZFeatureUpdate, (input, user) => updateFeatureDetails(input, userActor(user).label));
