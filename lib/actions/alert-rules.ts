"use server";

import { roleAction } from "@/lib/actions/guard";
import { userActor } from "@/lib/auth";
import { updateAlertRule } from "@/lib/data/alert-rules";
import { ZAlertRuleUpdate } from "@/lib/schemas/alert-rules";

/** The rule editor's save: admins only, audited with the settings before and after. */
export const saveAlertRuleAction = roleAction("admin", ZAlertRuleUpdate, async ({ feature, ...input }, user) => {
  const rule = await updateAlertRule(feature, input, userActor(user).label);
  const { featureId: _featureId, ...saved } = rule;
  return saved;
});
