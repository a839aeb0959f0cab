"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { ActionErrorMessage } from "@/components/admin/action-error";
import { dangerButton, inputClass, labelClass } from "@/components/admin/form-styles";
import { setAsideAction } from "@/lib/actions/review";
import type { ActionError } from "@/lib/actions/guard";

/** Sets aside every waiting item older than N days, with a reason (audited as review.set_aside). */
export function SetAsideForm({ featureKey }: { featureKey: string }) {
  const router = useRouter();
  const [days, setDays] = useState("14");
  const [reason, setReason] = useState("");
  const [status, setStatus] = useState("");
  const [error, setError] = useState<ActionError | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <details className="rounded-lg border border-slate-200 bg-white p-3 text-sm">
      <summary className="cursor-pointer font-medium text-slate-900">Set aside a stale backlog…</summary>
      <form
        className="mt-2 flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          startTransition(async () => {
            const r = await setAsideAction({ featureKey, olderThanDays: Number(days), reason });
            if (!r.ok) {
              setError(r.error);
              return;
            }
            setError(null);
            setStatus(`${r.data.setAside} item${r.data.setAside === 1 ? "" : "s"} older than ${days} days set aside.`);
            router.refresh();
          });
        }}
      >
        <label className={labelClass}>
          Older than (days)
          <input type="number" min={1} max={365} value={days} onChange={(e) => setDays(e.target.value)} className={`${inputClass} w-28`} />
        </label>
        <label className={`${labelClass} min-w-64 flex-1`}>
          Reason
          <input
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxLength={500}
            className={inputClass}
            placeholder="e.g. model v3 retired; these no longer say anything"
          />
        </label>
        <button type="submit" disabled={pending} className={dangerButton}>
          Set aside
        </button>
        <span role="status" className="text-slate-800">
          {status}
        </span>
      </form>
      <ActionErrorMessage error={error} />
      <p className="mt-2 text-xs text-slate-600">
        Items held by a reviewer right now stay. The set-aside items leave the queue and the decision is in the audit log.
      </p>
    </details>
  );
}
