"use client";

import { useEffect, useRef } from "react";

const PHONE = "(max-width: 639.98px)";

/**
 * A page section that folds on a phone: from 640 px it is simply shown (no toggle); under 640 px
 * it starts folded behind its title once the page is interactive, so what needs acting on (state,
 * pause, alerts) comes first on a short screen.
 */
export function PhoneCollapsible({ title, children }: { title: string; children: React.ReactNode }) {
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    // a phone starts folded; read once at mount (a later resize keeps the reader's choice)
    if (ref.current && window.matchMedia(PHONE).matches) ref.current.open = false;
  }, []);
  return (
    <details
      ref={ref}
      open
      className="group rounded-lg max-sm:border max-sm:border-slate-200 max-sm:bg-white max-sm:open:border-transparent max-sm:open:bg-transparent"
    >
      <summary className="flex cursor-pointer items-center justify-between px-3 py-2 text-base font-semibold text-slate-900 focus-visible:outline-2 focus-visible:outline-sky-700 sm:hidden">
        {title}
        <span aria-hidden="true" className="text-sm font-normal text-slate-600">
          <span className="group-open:hidden">Show ▾</span>
          <span className="hidden group-open:inline">Hide ▴</span>
        </span>
      </summary>
      {children}
    </details>
  );
}
