"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { acknowledgeIncidentAction } from "@/lib/actions/alerts";
import { ActionErrorMessage } from "@/components/admin/action-error";
import { inputClass, primaryButton } from "@/components/admin/form-styles";
import type { ActionError } from "@/lib/actions/guard";

/** "I am on it" for the whole incident: every open alert in it is acknowledged at once. */
export function AcknowledgeIncident({ incidentId, openAlerts }: { incidentId: string; openAlerts: number }) {
  const router = useRouter();
  const id = useId();
  const [note, setNote] = useState("");
  const [error, setError] = useState<ActionError | null>(null);
  const [done, setDone] = useState("");
  const [pending, start] = useTransition();
  const submit = () =>
    start(async () => {
      setError(null);
      const result = await acknowledgeIncidentAction({ incidentId, note: note.trim() || undefined });
      if (!result.ok) {
        setError(result.error);
        if (result.error.status === 409) router.refresh();
        return;
      }
      setDone(`Acknowledged: ${result.data.alerts} alert${result.data.alerts === 1 ? "" : "s"} taken with it.`);
      router.refresh();
    });
  return (
    <form
      className="flex flex-col gap-2 sm:flex-row sm:items-end"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label htmlFor={`${id}-note`} className="sr-only">
        Note (optional)
      </label>
      <input
        id={`${id}-note`}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        maxLength={500}
        placeholder="Note, e.g. looking at the model change"
        className={`${inputClass} sm:w-72`}
      />
      <button type="submit" className={primaryButton} disabled={pending}>
        {pending
          ? "Acknowledging…"
          : `Acknowledge incident${openAlerts > 0 ? ` (${openAlerts} open alert${openAlerts === 1 ? "" : "s"})` : ""}`}
      </button>
      <p role="status" className="text-sm text-slate-700 empty:hidden">
        {done}
      </p>
      <ActionErrorMessage error={error} />
    </form>
  );
}
