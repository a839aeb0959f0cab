"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { acknowledgeAlertAction } from "@/lib/actions/alerts";
import { ActionErrorMessage } from "@/components/admin/action-error";
import { secondaryButton } from "@/components/admin/form-styles";
import type { ActionError } from "@/lib/actions/guard";

/** "A person is on it": acknowledges one open alert (operators; audited as alert.acknowledge). */
export function AcknowledgeButton({ alertId, ruleName }: { alertId: string; ruleName: string }) {
  const router = useRouter();
  const [error, setError] = useState<ActionError | null>(null);
  const [done, setDone] = useState(false);
  const [pending, start] = useTransition();
  const acknowledge = () =>
    start(async () => {
      setError(null);
      const result = await acknowledgeAlertAction({ alertId });
      if (!result.ok) {
        const gone = result.error.code.startsWith("already_");
        setError(gone ? { ...result.error, message: `${result.error.message} — the list now shows its current state.` } : result.error);
        if (gone) router.refresh();
        return;
      }
      setDone(true);
      router.refresh();
    });
  return (
    <div className="flex flex-col items-start gap-1">
      {!done && (
        <button type="button" className={secondaryButton} onClick={acknowledge} disabled={pending} aria-label={`Acknowledge: ${ruleName}`}>
          {pending ? "Acknowledging…" : "Acknowledge"}
        </button>
      )}
      <span role="status" className="text-sm text-slate-700 empty:hidden">
        {done ? "Acknowledged" : ""}
      </span>
      <ActionErrorMessage error={error} />
    </div>
  );
}
