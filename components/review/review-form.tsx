"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { ActionErrorMessage } from "@/components/admin/action-error";
import { primaryButton, secondaryButton } from "@/components/admin/form-styles";
import { saveReviewAction } from "@/lib/actions/review";
import type { ActionError } from "@/lib/actions/guard";
import type { WorstItem } from "@/lib/domain/review-export";

export const TAG_SUGGESTIONS_ID = "review-tag-suggestions";
const normalise = (t: string) => t.trim().replace(/\s+/g, " ").toLowerCase();

/** Failure-pattern tags, a note and the reviewed mark of one output; read-only below operator. */
export function ReviewForm({
  featureKey,
  outputId,
  rank,
  initial,
  canEdit,
}: {
  featureKey: string;
  outputId: string;
  rank: number;
  initial: WorstItem["review"];
  canEdit: boolean;
}) {
  const router = useRouter();
  const [tags, setTags] = useState(initial.tags);
  const [draft, setDraft] = useState("");
  const [note, setNote] = useState(initial.note);
  const [reviewed, setReviewed] = useState(initial.reviewed);
  const [dirty, setDirty] = useState(false);
  const [status, setStatus] = useState("");
  const [error, setError] = useState<ActionError | null>(null);
  const [pending, startTransition] = useTransition();

  if (!canEdit) {
    return (
      <div className="mt-3 border-t border-slate-100 pt-3 text-sm">
        <p>
          <span className="text-slate-600">Tags: </span>
          {initial.tags.length ? initial.tags.join(", ") : <span className="text-slate-500">none</span>}
        </p>
        {initial.note && (
          <p className="mt-1 whitespace-pre-wrap break-words">
            <span className="text-slate-600">Note: </span>
            {initial.note}
          </p>
        )}
      </div>
    );
  }

  const change = () => {
    setDirty(true);
    setStatus("");
  };
  const addTag = () => {
    const t = normalise(draft);
    if (t && !tags.includes(t)) setTags([...tags, t]);
    setDraft("");
    change();
  };
  const save = (e: React.FormEvent) => {
    e.preventDefault();
    const pendingTag = normalise(draft);
    const all = pendingTag && !tags.includes(pendingTag) ? [...tags, pendingTag] : tags;
    startTransition(async () => {
      const result = await saveReviewAction({ featureKey, outputId, tags: all, note, reviewed });
      if (!result.ok) {
        setError(result.error);
        return;
      }
      setError(null);
      setTags(all);
      setDraft("");
      setDirty(false);
      setStatus(reviewed ? "Saved and marked reviewed." : "Saved.");
      router.refresh();
    });
  };

  const id = (s: string) => `review-${rank}-${s}`;
  return (
    <form onSubmit={save} aria-label={`Review of #${rank}`} className="mt-3 space-y-2 border-t border-slate-100 pt-3">
      <div>
        <label htmlFor={id("tag")} className="block text-xs font-medium text-slate-700">
          Failure pattern tags
        </label>
        {tags.length > 0 && (
          <ul aria-label="Tags" className="mt-1 flex flex-wrap gap-1">
            {tags.map((t) => (
              <li key={t} className="flex items-center gap-1 rounded-full border border-sky-800 bg-sky-50 py-0.5 pl-2 pr-1 text-xs text-sky-950">
                {t}
                <button
                  type="button"
                  aria-label={`Remove tag ${t}`}
                  onClick={() => {
                    setTags(tags.filter((x) => x !== t));
                    change();
                  }}
                  className="rounded-full px-1 leading-none hover:bg-sky-200 focus-visible:outline-2 focus-visible:outline-sky-700"
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        <div className="mt-1 flex gap-2">
          <input
            id={id("tag")}
            list={TAG_SUGGESTIONS_ID}
            value={draft}
            maxLength={40}
            placeholder="e.g. market volatility"
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                addTag();
              }
            }}
            className="w-64 max-w-full rounded border border-slate-300 bg-white px-2 py-1 text-sm focus:border-blue-600 focus:outline-none focus:ring-2 focus:ring-blue-200"
          />
          <button type="button" onClick={addTag} disabled={!normalise(draft)} className={secondaryButton}>
            Add tag
          </button>
        </div>
      </div>
      <div>
        <label htmlFor={id("note")} className="block text-xs font-medium text-slate-700">
          Note
        </label>
        <textarea
          id={id("note")}
          value={note}
          maxLength={2000}
          rows={2}
          onChange={(e) => {
            setNote(e.target.value);
            change();
          }}
          className="mt-1 block w-full rounded border border-slate-300 bg-white px-2 py-1 text-sm focus:border-blue-600 focus:outline-none focus:ring-2 focus:ring-blue-200"
        />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <label className="flex items-center gap-2 text-sm text-slate-800">
          <input
            type="checkbox"
            checked={reviewed}
            onChange={(e) => {
              setReviewed(e.target.checked);
              change();
            }}
            className="h-4 w-4 accent-emerald-800"
          />
          Reviewed
        </label>
        <button type="submit" disabled={pending} className={primaryButton}>
          {pending ? "Saving…" : "Save"}
        </button>
        <span role="status" className="text-sm text-slate-700">
          {dirty ? "Unsaved changes" : status}
        </span>
      </div>
      <ActionErrorMessage error={error} />
    </form>
  );
}
