"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { ActionErrorMessage } from "@/components/admin/action-error";
import { inputClass, labelClass, primaryButton } from "@/components/admin/form-styles";
import { signOffWeekAction } from "@/lib/actions/review";
import type { ActionError } from "@/lib/actions/guard";

/** Signs the week's review off as the current user, with an optional note. */
export function SignOffForm({ featureKey, week }: { featureKey: string; week: number }) {
  const router = useRouter();
  const [note, setNote] = useState("");
  const [status, setStatus] = useState("");
  const [error, setError] = useState<ActionError | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        startTransition(async () => {
          const r = await signOffWeekAction({ featureKey, week, note });
          if (!r.ok) {
            setError(r.error);
            return;
          }
          setError(null);
          setStatus(`Signed off. The digest went to the webhooks subscribed to review.digest.`);
          router.refresh();
        });
      }}
    >
      <label className={`${labelClass} min-w-64 flex-1`}>
        Note (optional)
        <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} className={inputClass} />
      </label>
      <button type="submit" disabled={pending} className={primaryButton}>
        Sign off this week
      </button>
      <span role="status" className="text-sm text-slate-800">
        {status}
      </span>
      <ActionErrorMessage error={error} />
    </form>
  );
}
