"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { deleteChannelAction, setChannelEnabledAction, testChannelAction } from "@/lib/actions/channels";
import { ActionErrorMessage } from "@/components/admin/action-error";
import { dangerButton, secondaryButton } from "@/components/admin/form-styles";
import type { ActionError } from "@/lib/actions/guard";

/** Test send, disable/enable and delete for one channel. */
export function ChannelButtons({ id, name, enabled }: { id: string; name: string; enabled: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<ActionError | null>(null);
  const [status, setStatus] = useState("");
  const [pending, start] = useTransition();
  const run = (fn: () => Promise<{ ok: true } | { ok: false; error: ActionError }>, done: string) =>
    start(async () => {
      setError(null);
      const r = await fn();
      if (!r.ok) return setError(r.error);
      setStatus(done);
      // the delivery is posted in the background: show its outcome in the log a moment later
      router.refresh();
      setTimeout(() => router.refresh(), 1500);
    });
  return (
    <div className="flex flex-wrap items-center gap-2">
      <button
        type="button"
        className={secondaryButton}
        disabled={pending}
        aria-label={`Send a test to ${name}`}
        onClick={() => run(() => testChannelAction({ id }), "Test queued: see the delivery log.")}
      >
        Send test
      </button>
      <button
        type="button"
        className={secondaryButton}
        disabled={pending}
        onClick={() => run(() => setChannelEnabledAction({ id, enabled: !enabled }), enabled ? "Disabled." : "Enabled.")}
      >
        {enabled ? "Disable" : "Enable"}
      </button>
      <button
        type="button"
        className={dangerButton}
        disabled={pending}
        aria-label={`Delete ${name}`}
        onClick={() => confirm(`Delete the channel “${name}” and its delivery log?`) && run(() => deleteChannelAction({ id }), "Deleted.")}
      >
        Delete
      </button>
      <span role="status" className="text-sm text-slate-700 empty:hidden">
        {status}
      </span>
      <ActionErrorMessage error={error} />
    </div>
  );
}
