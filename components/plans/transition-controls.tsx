"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { advanceFeatureAction, rollbackFeatureAction } from "@/lib/actions/plan";
import { ActionErrorMessage } from "@/components/admin/action-error";
import { dangerButton, inputClass, labelClass, primaryButton, secondaryButton } from "@/components/admin/form-styles";
import type { ActionError } from "@/lib/actions/guard";

// Advance or roll back, always with a reason. Advancing with unmet criteria needs the override box
// ticked: the audit log records the override and what it skipped.

type Mode = "advance" | "rollback" | null;

export function TransitionControls({
  featureKey,
  next,
  previous,
  ready,
  paused,
}: {
  featureKey: string;
  next: string | null;
  previous: string | null;
  ready: boolean;
  paused: boolean;
}) {
  const router = useRouter();
  const [mode, setMode] = useState<Mode>(null);
  const [reason, setReason] = useState("");
  const [override, setOverride] = useState(false);
  const [error, setError] = useState<ActionError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, start] = useTransition();

  const open = (m: Mode) => {
    setMode(m);
    setReason("");
    setOverride(false);
    setError(null);
  };
  const submit = () =>
    start(async () => {
      const action = mode === "advance" ? advanceFeatureAction : rollbackFeatureAction;
      const result = await action({ feature: featureKey, reason, override: mode === "advance" && !ready ? override : false });
      if (!result.ok) return setError(result.error);
      setDone(
        `${result.data.direction === "advance" ? "Advanced" : "Rolled back"} to ${result.data.phase.name}${result.data.overridden ? " (override recorded in the audit log)" : ""}.`,
      );
      setMode(null);
      router.refresh();
    });

  return (
    <div className="flex max-w-md flex-col items-end gap-2">
      <div className="flex flex-wrap gap-2">
        {next && (
          <button
            type="button"
            className={ready && !paused ? primaryButton : secondaryButton}
            disabled={paused}
            onClick={() => open("advance")}
            aria-expanded={mode === "advance"}
          >
            Advance to {next}…
          </button>
        )}
        {previous && (
          <button type="button" className={secondaryButton} onClick={() => open("rollback")} aria-expanded={mode === "rollback"}>
            Roll back to {previous}…
          </button>
        )}
      </div>
      {paused && next && <p className="text-xs text-slate-600">Paused: resume the feature before advancing.</p>}
      {done && (
        <p role="status" className="rounded border border-slate-300 bg-slate-50 px-3 py-1.5 text-sm">
          {done}
        </p>
      )}
      {mode && (
        <form
          aria-label={mode === "advance" ? "Advance phase" : "Roll back phase"}
          className="w-full space-y-3 rounded border border-slate-300 bg-white p-3"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <label className={labelClass}>
            Reason
            <textarea
              required
              maxLength={500}
              rows={2}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              className={inputClass}
              autoFocus
            />
          </label>
          {mode === "advance" && !ready && (
            <label className="flex items-start gap-2 rounded border-2 border-amber-700 bg-amber-50 p-2 text-sm text-amber-950">
              <input
                type="checkbox"
                checked={override}
                onChange={(e) => setOverride(e.target.checked)}
                className="mt-1 h-4 w-4 accent-amber-700"
              />
              <span>
                <strong>Override:</strong> advance although the criteria are not met. The audit log records the override, your reason and
                every criterion skipped.
              </span>
            </label>
          )}
          <div className="flex gap-2">
            <button
              type="submit"
              disabled={pending || !reason.trim() || (mode === "advance" && !ready && !override)}
              className={mode === "advance" && !ready ? dangerButton : primaryButton}
            >
              {pending
                ? "Saving…"
                : mode === "advance"
                  ? ready
                    ? `Advance to ${next}`
                    : `Override and advance to ${next}`
                  : `Roll back to ${previous}`}
            </button>
            <button type="button" className={secondaryButton} onClick={() => setMode(null)} disabled={pending}>
              Cancel
            </button>
          </div>
          <ActionErrorMessage error={error} />
        </form>
      )}
    </div>
  );
}
