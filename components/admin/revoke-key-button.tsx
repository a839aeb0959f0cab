"use client";

import { useState, useTransition } from "react";
import { revokeApiKeyAction } from "@/lib/actions/api-keys";
import type { ActionError } from "@/lib/actions/guard";
import { ActionErrorMessage } from "./action-error";
import { dangerButton, secondaryButton } from "./form-styles";

/** Revoke, then an explicit confirmation: a revoked key fails on its very next request. */
export function RevokeKeyButton({ prefix, name }: { prefix: string; name: string }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<ActionError | null>(null);
  const [pending, start] = useTransition();
  if (!confirming) {
    return (
      <button type="button" className={secondaryButton} onClick={() => setConfirming(true)} aria-label={`Revoke key ${prefix} (${name})`}>
        Revoke
      </button>
    );
  }
  return (
    <div role="group" aria-label={`Confirm revoking ${prefix}`} className="flex flex-col gap-2">
      <p className="text-xs text-slate-700">Requests with this key fail from now on. This cannot be undone.</p>
      <div className="flex gap-2">
        <button
          type="button"
          autoFocus
          disabled={pending}
          className={dangerButton}
          onClick={() =>
            start(async () => {
              const result = await revokeApiKeyAction({ prefix });
              setError(result.ok ? null : result.error);
              if (result.ok) setConfirming(false);
            })
          }
        >
          {pending ? "Revoking…" : "Revoke key"}
        </button>
        <button type="button" disabled={pending} className={secondaryButton} onClick={() => setConfirming(false)}>
          Cancel
        </button>
      </div>
      <ActionErrorMessage error={error} />
    </div>
  );
}
