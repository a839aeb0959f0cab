"use client";

import { useId, useState } from "react";

/**
 * The main navigation's less-used links and the account, folded behind "Menu" on a phone so the
 * bar stays one line; from 640 px they sit inline. Rendered once (no duplicate links).
 */
export function CompactMenu({ children }: { children: React.ReactNode }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
        className="ml-auto rounded border border-slate-300 px-2 py-1 text-sm text-slate-700 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-700 sm:hidden"
      >
        Menu <span aria-hidden="true">{open ? "▴" : "▾"}</span>
      </button>
      <div
        id={id}
        // a followed link closes the menu
        onClick={(e) => {
          if ((e.target as HTMLElement).closest("a")) setOpen(false);
        }}
        className={`${open ? "flex" : "hidden"} w-full flex-col gap-2 border-t border-slate-100 pt-2 sm:contents`}
      >
        {children}
      </div>
    </>
  );
}
