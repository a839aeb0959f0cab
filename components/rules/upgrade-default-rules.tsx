"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { ActionErrorMessage } from "@/components/admin/action-error";
import { secondaryButton } from "@/components/admin/form-styles";
import { upgradeDefaultRulesAction } from "@/lib/actions/alert-rules";
import type { ActionError } from "@/lib/actions/guard";
import type { RuleUpgrade } from "@/lib/data/alert-rules";

// The rules page's upgrade of a feature's untouched windowed default rules to the sequential
// defaults (admins; the server action checks the role again). It stays mounted after the upgrade,
// so the list of what changed survives the page's refresh, which no longer offers the upgrade.

export function UpgradeDefaultRules({ featureKey, pending }: { featureKey: string; pending: { id: string; name: string }[] }) {
  const id = useId();
  const router = useRouter();
  const [upgraded, setUpgraded] = useState<RuleUpgrade[] | null>(null);
  const [error, setError] = useState<ActionError | null>(null);
  const [running, start] = useTransition();

  if (pending.length === 0 && upgraded === null) return null;

  function upgrade() {
    setError(null);
    start(async () => {
      const r = await upgradeDefaultRulesAction({ feature: featureKey });
      if (!r.ok) return setError(r.error);
      setUpgraded(r.data.upgraded);
      router.refresh();
    });
  }

  return (
    <section aria-labelledby={`${id}-title`} className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-slate-900">
      <h2 id={`${id}-title`} className="font-semibold">
        Windowed default rules
      </h2>
      {pending.length > 0 && (
        <>
          <p className="mt-1 max-w-3xl">
            {pending.length === 1 ? "One rule is" : `${pending.length} rules are`} still the windowed default
            {pending.length === 1 ? "" : "s"} this feature was made with ({pending.map((r) => r.name).join(", ")}): a fixed-level test of
            the last hour, once a minute. The upgrade turns each into its sequential counterpart in place — same rule, same action, its
            alerts kept — sharing one false alarm per 30 days over every slice. Rules you changed stay as they are. Each change is audited.
          </p>
          <button type="button" onClick={upgrade} disabled={running} className={`${secondaryButton} mt-3`}>
            {running ? "Upgrading…" : "Upgrade default rules to sequential detection"}
          </button>
        </>
      )}
      <ActionErrorMessage error={error} />
      {upgraded !== null && (
        <div role="status" className="mt-3">
          {upgraded.length === 0 ? (
            <p>Nothing to upgrade: no rule is still an untouched windowed default.</p>
          ) : (
            <>
              <p>
                Upgraded {upgraded.length} rule{upgraded.length === 1 ? "" : "s"} (audited as rule.upgrade):
              </p>
              <ul className="mt-1 list-disc pl-5">
                {upgraded.map((u) => (
                  <li key={u.ruleId}>
                    {u.before.name} (windowed, {u.before.windowMinutes} min) → <strong>{u.after.name}</strong> (sequential,{" "}
                    {u.after.params.falseAlarmsPer30d} false alarms / 30 d)
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}
