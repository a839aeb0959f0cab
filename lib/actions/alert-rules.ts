"use server";

import { roleAction } from "@/lib/actions/guard";
import { userActor } from "@/lib/auth";
import { updateAlertRule, upgradeDefaultRules } from "@/lib/data/alert-rules";
import { ZAlertRuleUpdate, ZUpgradeDefaultRules } from "@/lib/schemas/alert-rules";

/** The rule editor's save: admins only, audited with the settings before and after. */
export const saveAlertRuleAction = roleAction("admin", ZAlertRuleUpdate, async ({ feature, ...input }, user) => {
  const rule = await updateAlertRule(feature, input, userActor(user).label);
  const { featureId: _featureId, ...saved } = rule;
  return saved;
});

/**
 * The rules page's upgrade of untouched windowed defaults to the sequential defaults: admins only,
 * the same function as `rules upgrade` on the command line, each rule audited as `rule.upgrade`.
 * Returns what changed, rule by rule.
 */
export const upgradeDefaultRulesAction = roleAction("admin", ZUpgradeDefaultRules, async ({ feature }, user) => ({
  upgraded: await upgradeDefaultRules(feature, userActor(user).label),
}));
