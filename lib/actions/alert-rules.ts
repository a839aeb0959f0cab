"use server";

import { roleAction } from "@/lib/actions/guard";
import { userActor } from "@/lib/auth";
import {
  createAlertRule,
  deleteAlertRule,
  setAlertRuleEnabled,
  updateAlertRule,
  upgradeDefaultRules,
  type AlertRuleConfig,
} from "@/lib/data/alert-rules";
import { ZAlertRuleCreate, ZAlertRuleDelete, ZAlertRuleEnabled, ZAlertRuleUpdate, ZUpgradeDefaultRules } from "@/lib/schemas/alert-rules";

// The rules page's actions: admins only (operators and viewers see the rules and may backtest
// drafts), each audited by the data layer with the admin's name.

const plain = ({ featureId: _featureId, ...rule }: AlertRuleConfig) => rule;

/** The rule editor's save, audited with the settings before and after. */
export const saveAlertRuleAction = roleAction("admin", ZAlertRuleUpdate, async ({ feature, ...input }, user) =>
  plain(await updateAlertRule(feature, input, userActor(user).label)),
);

/** "New rule": kind, metric, scope, action and parameters from the draft form. */
export const createAlertRuleAction = roleAction("admin", ZAlertRuleCreate, async ({ feature, rule }, user) =>
  plain(await createAlertRule(feature, rule, userActor(user).label)),
);

/** A row's enable/disable switch; disabling resolves the rule's open alerts. */
export const setAlertRuleEnabledAction = roleAction("admin", ZAlertRuleEnabled, async ({ feature, ruleId, enabled }, user) => {
  const { rule, resolvedAlerts } = await setAlertRuleEnabled(feature, ruleId, enabled, userActor(user).label);
  return { rule: plain(rule), resolvedAlerts };
});

/**
 * The rules page's upgrade of untouched windowed defaults to the sequential defaults: admins only,
 * the same function as `rules upgrade` on the command line, each rule audited as `rule.upgrade`.
 * Returns what changed, rule by rule.
 */
export const upgradeDefaultRulesAction = roleAction("admin", ZUpgradeDefaultRules, async ({ feature }, user) => ({
  upgraded: await upgradeDefaultRules(feature, userActor(user).label),
}));
/** A row's delete, after the confirm step; the built-in rule is refused (409). */
export const deleteAlertRuleAction = roleAction("admin", ZAlertRuleDelete, ({ feature, ruleId }, user) =>
  deleteAlertRule(feature, ruleId, userActor(user).label),
);
