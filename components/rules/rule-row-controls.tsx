"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { ActionErrorMessage } from "@/components/admin/action-error";
import { dangerButton, secondaryButton } from "@/components/admin/form-styles";
import { deleteAlertRuleAction, setAlertRuleEnabledAction } from "@/lib/actions/alert-rules";
import type { ActionError } from "@/lib/actions/guard";

const alerts = (n: number) => `${n} open alert${n === 1 ? "" : "s"}`;

/**
 * An admin's controls on one rule row: disable/enable, and delete with a confirm step that says
 * what happens to the rule's open alerts (resolved; past alerts stay in the history). The built-in
 * rule can only be disabled.
 */
export function RuleRowControls({
  featureKey,
  rule,
  openAlerts,
}: {
  featureKey: string;
  rule: { id: string; name: string; enabled: boolean; builtIn: boolean };
  openAlerts: number;
}) {
  const id = useId();
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<ActionError | null>(null);
  const [pending, start] = useTransition();

  const run = (fn: () => Promise<{ ok: true } | { ok: false; error: ActionError }>, leave = false) =>
    start(async () => {
      setError(null);
      const r = await fn();
      if (!r.ok) return setError(r.error);
      setConfirming(false);
      // a deleted rule's page state (?rule=…&created=1) no longer applies
      if (leave) router.replace(`/features/${encodeURIComponent(featureKey)}/rules`);
      router.refresh();
    });

  return (
    <div className="flex min-w-40 flex-col gap-2">
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          className={secondaryButton}
          disabled={pending}
          aria-label={`${rule.enabled ? "Disable" : "Enable"} ${rule.name}`}
          title={rule.enabled && openAlerts > 0 ? `Disabling resolves its ${alerts(openAlerts)}` : undefined}
          onClick={() => run(() => setAlertRuleEnabledAction({ feature: featureKey, ruleId: rule.id, enabled: !rule.enabled }))}
        >
          {rule.enabled ? "Disable" : "Enable"}
        </button>
        {rule.builtIn ? (
          <span className="self-center text-xs text-slate-600">built in: can be disabled, not deleted</span>
        ) : (
          !confirming && (
            <button
              type="button"
              className={dangerButton}
              disabled={pending}
              aria-label={`Delete ${rule.name}`}
              onClick={() => setConfirming(true)}
            >
              Delete
            </button>
          )
        )}
      </div>
      {confirming && (
        <div
          role="alertdialog"
          aria-labelledby={`${id}-q`}
          aria-describedby={`${id}-d`}
          className="rounded border border-amber-300 bg-amber-50 p-2 text-sm"
        >
          <p id={`${id}-q`} className="font-semibold text-amber-950">
            Delete “{rule.name}”?
          </p>
          <p id={`${id}-d`} className="mt-1 text-amber-950">
            {openAlerts > 0
              ? `Its ${alerts(openAlerts)} will be resolved, since nothing would close ${openAlerts === 1 ? "it" : "them"} once the rule is gone. `
              : "It has no open alert. "}
            Past alerts and incidents stay in the history under its name.
          </p>
          <div className="mt-2 flex flex-wrap gap-2">
            <button
              type="button"
              className={dangerButton}
              disabled={pending}
              onClick={() => run(() => deleteAlertRuleAction({ feature: featureKey, ruleId: rule.id }), true)}
            >
              {pending ? "Deleting…" : "Delete rule"}
            </button>
            <button type="button" className={secondaryButton} disabled={pending} onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      <ActionErrorMessage error={error} />
    </div>
  );
}
