"use client";

import { Children, useState } from "react";

const button =
  "rounded border border-slate-300 bg-white px-3 py-1 text-sm text-slate-800 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-700 disabled:opacity-50";

/**
 * A long server-rendered list shown a page at a time (the page stays short on a phone): its
 * children are the items, `pageSize` of them shown, with Previous / Next and where you are.
 */
export function PagedList({
  children,
  pageSize,
  label,
  noun,
  className,
}: {
  children: React.ReactNode;
  pageSize: number;
  label: string;
  noun: string;
  className?: string;
}) {
  const items = Children.toArray(children);
  const pages = Math.max(1, Math.ceil(items.length / pageSize));
  const [page, setPage] = useState(0);
  const shown = items.slice(page * pageSize, (page + 1) * pageSize);
  const first = page * pageSize + 1;
  return (
    <div>
      <ol className={className} aria-label={label} start={first}>
        {shown}
      </ol>
      {pages > 1 && (
        <nav aria-label={`${label} pages`} className="mt-2 flex flex-wrap items-center gap-2 text-sm text-slate-700">
          <button type="button" className={button} disabled={page === 0} onClick={() => setPage(page - 1)}>
            ← Previous
          </button>
          <span aria-live="polite">
            {noun} {first}–{Math.min(items.length, first + pageSize - 1)} of {items.length}
          </span>
          <button type="button" className={button} disabled={page >= pages - 1} onClick={() => setPage(page + 1)}>
            Next →
          </button>
        </nav>
      )}
    </div>
  );
}
