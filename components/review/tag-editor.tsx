"use client";

import { useState, type RefObject } from "react";
import { secondaryButton } from "@/components/admin/form-styles";

const normalise = (t: string) => t.trim().replace(/\s+/g, " ").toLowerCase();

/** A tag input that hands each tag over as it is added (Enter or the button): there is no Save. */
export function TagEditor({
  inputRef,
  label,
  listId,
  placeholder,
  onAdd,
}: {
  inputRef?: RefObject<HTMLInputElement | null>;
  label: string;
  listId: string;
  placeholder: string;
  onAdd: (tag: string) => void;
}) {
  const [draft, setDraft] = useState("");
  const add = () => {
    const t = normalise(draft);
    if (t) onAdd(t);
    setDraft("");
  };
  return (
    <span className="flex items-center gap-2">
      <label htmlFor="review-tag-input" className="sr-only">
        {label}
      </label>
      <input
        id="review-tag-input"
        ref={inputRef}
        list={listId}
        value={draft}
        maxLength={40}
        placeholder={placeholder}
        aria-label={label}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            add();
          } else if (e.key === "Escape") (e.target as HTMLElement).blur();
        }}
        className="w-56 max-w-full rounded border border-slate-300 bg-white px-2 py-1 text-sm focus:border-blue-600 focus:outline-none focus:ring-2 focus:ring-blue-200"
      />
      <button type="button" onClick={add} disabled={!normalise(draft)} className={secondaryButton}>
        Add tag
      </button>
    </span>
  );
}
