"use client";

import { useRouter } from "next/navigation";
import { useId, useRef, useState, useTransition } from "react";
import { pauseFeatureAction, resumeFeatureAction } from "@/lib/actions/feature-state";
import { ActionErrorMessage } from "@/components/admin/action-error";
import { dangerButton, inputClass, labelClass, primaryButton, secondaryButton } from "@/components/admin/form-styles";
import type { ActionError } from "@/lib/actions/guard";
import { actorName } from "@/lib/format/kill-switch";

// The kill switch on the feature page (operators and admins; the actions check the role again).
// Pausing and resuming both take a reason and a confirm step that says what will happen. The
// outcome is announced in a status line; the header follows through a soft refresh.

export interface PauseControlProps {
  featureKey: string;
  featureName: string;
  state: string;
  /** "About N users stop getting AI answers." and the basis of that estimate */
  estimate: { headline: string; basis: string };
  /** what users see instead, from the feature's settings */
  fallback: string;
  /** who paused it, when it is paused */
  pausedBy: { name: string; byRule: boolean } | null;
  /** "15 % of everyone in Gradual" — who gets AI answers again on resume */
  audience: string;
  /** the alerts not resolved yet ("Accuracy below 90 % (open)"), listed before a resume */
  stillOpen?: string[];
}

type Mode = "pause" | "resume";

/** A refusal in words: the 409s say what happened instead of a code. */
function explain(error: ActionError, featureName: string): ActionError {
  const messages: Record<string, string> = {
    already_paused: `${featureName} is already paused (someone else was quicker). The page now shows the current state.`,
    not_paused: `${featureName} is not paused any more (someone resumed it). The page now shows the current state.`,
    not_running: `Only a running feature can be paused: ${error.message}.`,
    unauthorized: "Your session has ended. Sign in again to continue.",
    forbidden: "Pausing and resuming need the operator role.",
  };
  return { ...error, message: messages[error.code] ?? error.message };
}

export function PauseControl(p: PauseControlProps) {
  const router = useRouter();
  const id = useId();
  const trigger = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<ActionError | null>(null);
  const [status, setStatus] = useState("");
  const [pending, start] = useTransition();
  // The state the server last told us, until the refreshed page brings a newer one.
  const [seen, setSeen] = useState(p.state);
  const [local, setLocal] = useState<string | null>(null);
  if (p.state !== seen) {
    setSeen(p.state);
    setLocal(null);
  }
  const state = local ?? p.state;
  const mode: Mode | null = state === "running" ? "pause" : state === "paused" ? "resume" : null;

  if (!mode) return <p className="text-sm text-slate-600">Completed: nothing to pause.</p>;

  const close = () => {
    setOpen(false);
    setError(null);
    trigger.current?.focus();
  };
  const submit = () =>
    start(async () => {
      setError(null);
      const action = mode === "pause" ? pauseFeatureAction : resumeFeatureAction;
      const result = await action({ feature: p.featureKey, reason });
      if (!result.ok) {
        setError(explain(result.error, p.featureName));
        if (result.error.status === 409) {
          // The state moved under us: show the message beside the button and the page's new state.
          setOpen(false);
          router.refresh();
        }
        return;
      }
      const who = actorName(result.data.actor);
      setStatus(`${result.data.state === "paused" ? "Paused" : "Resumed"} by ${who}: ${result.data.reason}`);
      setLocal(result.data.state);
      setOpen(false);
      setReason("");
      trigger.current?.focus();
      if (result.data.stored === false && result.data.warning) {
        // In effect from memory, not stored: say so plainly; the page's stored state would say "running".
        setError({ code: result.data.warning.code, message: result.data.warning.message, status: 202 });
        return;
      }
      router.refresh();
    });

  const headingId = `${id}-heading`;
  return (
    <div className="relative flex max-w-xs flex-col items-end gap-2">
      <button
        ref={trigger}
        type="button"
        className={mode === "pause" ? dangerButton : primaryButton}
        aria-expanded={open}
        aria-controls={open ? `${id}-panel` : undefined}
        onClick={() => (open ? close() : (setOpen(true), setError(null)))}
      >
        {mode === "pause" ? "Pause…" : "Resume…"}
      </button>
      <p role="status" aria-live="polite" className="text-right text-sm font-medium text-slate-800 empty:hidden">
        {status}
      </p>
      {open && (
        <form
          id={`${id}-panel`}
          aria-labelledby={headingId}
          aria-busy={pending}
          className="absolute left-0 top-11 z-20 w-[calc(100vw-4.5rem)] sm:left-auto sm:right-0 sm:w-96 space-y-3 rounded-lg border-2 border-slate-400 bg-white p-3 text-left shadow-lg"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
          onKeyDown={(e) => {
            if (e.key === "Escape" && !pending) close();
          }}
        >
          <h2 id={headingId} className="text-base font-semibold text-slate-900">
            {mode === "pause" ? `Pause ${p.featureName}?` : `Resume ${p.featureName}?`}
          </h2>
          {mode === "pause" ? (
            <div className="space-y-1 text-sm text-slate-800">
              <p>
                <strong>{p.estimate.headline}</strong> Within a second the decision API answers “off” for everyone
                {p.fallback ? <> and the product shows its fallback: {p.fallback}</> : "."}
              </p>
              <p className="text-xs text-slate-600">{p.estimate.basis}</p>
            </div>
          ) : (
            <div className="space-y-1 text-sm text-slate-800">
              {p.pausedBy?.byRule && (
                <p className="rounded border-2 border-amber-700 bg-amber-50 px-2 py-1.5 text-amber-950">
                  <strong>Paused automatically by {p.pausedBy.name}.</strong> A rule never resumes a feature: resuming is a person&apos;s
                  decision, with a reason for the audit log.
                </p>
              )}
              {p.stillOpen && p.stillOpen.length > 0 ? (
                <div className="rounded border border-orange-800 bg-orange-50 px-2 py-1.5 text-orange-950">
                  <p className="font-semibold">Still not resolved ({p.stillOpen.length}):</p>
                  <ul className="list-disc pl-5">
                    {p.stillOpen.map((a) => (
                      <li key={a}>{a}</li>
                    ))}
                  </ul>
                  <p className="text-xs">Resuming does not resolve them; a pause rule will not pause again for an alert already open.</p>
                </div>
              ) : (
                <p className="text-slate-700">No alert is still open.</p>
              )}
              <p>Within a second the decision API answers “on” again for {p.audience}.</p>
            </div>
          )}
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
              aria-describedby={`${id}-reason-hint`}
            />
          </label>
          <p id={`${id}-reason-hint`} className="-mt-2 text-xs text-slate-600">
            Required. Recorded in the audit log with your name and shown on the feature page.
          </p>
          <div className="flex flex-wrap gap-2">
            <button type="submit" disabled={pending || !reason.trim()} className={mode === "pause" ? dangerButton : primaryButton}>
              {pending ? (mode === "pause" ? "Pausing…" : "Resuming…") : mode === "pause" ? "Pause feature" : "Resume feature"}
            </button>
            <button type="button" className={secondaryButton} onClick={close} disabled={pending}>
              Cancel
            </button>
          </div>
          <ActionErrorMessage error={error} />
        </form>
      )}
      {!open && <ActionErrorMessage error={error} />}
    </div>
  );
}
