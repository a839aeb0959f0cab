"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { createSegmentAction, deleteSegmentAction, updateSegmentAction } from "@/lib/actions/segments";
import { ActionErrorMessage } from "@/components/admin/action-error";
import { dangerButton, inputClass, labelClass, primaryButton, secondaryButton } from "@/components/admin/form-styles";
import type { ActionError } from "@/lib/actions/guard";

// Create a segment; edit its name and reason; delete one that no phase uses.

export function NewSegmentForm() {
  const router = useRouter();
  const [error, setError] = useState<ActionError | null>(null);
  const [pending, start] = useTransition();
  return (
    <form
      aria-label="New segment"
      className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-[1fr_1fr_2fr_auto] md:items-end"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const data = new FormData(form);
        start(async () => {
          const r = await createSegmentAction(data);
          setError(r.ok ? null : r.error);
          if (r.ok) {
            form.reset();
            router.refresh();
          }
        });
      }}
    >
      <label className={labelClass}>
        Key
        <input name="key" required pattern="[a-z0-9][a-z0-9\-]{0,39}" placeholder="e.g. low-risk-portfolios" className={inputClass} />
      </label>
      <label className={labelClass}>
        Name
        <input name="name" required maxLength={80} className={inputClass} />
      </label>
      <label className={labelClass}>
        Why this group forgives mistakes
        <input name="reason" required maxLength={500} className={inputClass} />
      </label>
      <button type="submit" disabled={pending} className={primaryButton}>
        {pending ? "Adding…" : "Add segment"}
      </button>
      <div className="md:col-span-4">
        <ActionErrorMessage error={error} />
      </div>
    </form>
  );
}

export function SegmentRowControls({ segment, inUse }: { segment: { key: string; name: string; reason: string }; inUse: boolean }) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [name, setName] = useState(segment.name);
  const [reason, setReason] = useState(segment.reason);
  const [error, setError] = useState<ActionError | null>(null);
  const [pending, start] = useTransition();
  const run = (fn: () => Promise<{ ok: boolean; error?: ActionError }>, after: () => void) =>
    start(async () => {
      const r = await fn();
      setError(r.ok ? null : (r.error ?? null));
      if (r.ok) {
        after();
        router.refresh();
      }
    });
  if (editing) {
    return (
      <form
        aria-label={`Edit segment ${segment.key}`}
        className="space-y-2"
        onSubmit={(e) => {
          e.preventDefault();
          run(
            () => updateSegmentAction({ key: segment.key, name, reason }),
            () => setEditing(false),
          );
        }}
      >
        <label className={labelClass}>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} className={inputClass} />
        </label>
        <label className={labelClass}>
          Reason
          <textarea value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={500} rows={2} className={inputClass} />
        </label>
        <div className="flex gap-2">
          <button type="submit" disabled={pending} className={primaryButton}>
            Save
          </button>
          <button type="button" className={secondaryButton} onClick={() => setEditing(false)}>
            Cancel
          </button>
        </div>
        <ActionErrorMessage error={error} />
      </form>
    );
  }
  return (
    <div className="flex flex-col items-start gap-2">
      <div className="flex gap-2">
        <button type="button" className={secondaryButton} onClick={() => setEditing(true)} aria-label={`Edit segment ${segment.key}`}>
          Edit
        </button>
        {!inUse &&
          (confirming ? (
            <button
              type="button"
              className={dangerButton}
              disabled={pending}
              onClick={() =>
                run(
                  () => deleteSegmentAction({ key: segment.key }),
                  () => setConfirming(false),
                )
              }
            >
              Delete {segment.key}
            </button>
          ) : (
            <button
              type="button"
              className={secondaryButton}
              onClick={() => setConfirming(true)}
              aria-label={`Delete segment ${segment.key}`}
            >
              Delete
            </button>
          ))}
      </div>
      <ActionErrorMessage error={error} />
    </div>
  );
}
