"use client";

import { useEffect } from "react";

/**
 * Gives every cell of a `table.cards` its column's name (data-label), which the phone layout in
 * globals.css shows above the cell when the table becomes cards. A cell that sets its own
 * data-label keeps it; a header with data-card-label="" gives its column no label (an action).
 * Watches the page so rows that arrive later are labelled too.
 */
/** A header's visible name: "" for a header that only names its column to screen readers (an action). */
function visibleText(th: HTMLTableCellElement): string {
  const text = th.textContent?.trim() ?? "";
  const hidden = [...th.querySelectorAll(".sr-only")]
    .map((e) => e.textContent ?? "")
    .join("")
    .trim();
  return text === hidden ? "" : text;
}

export function CardTableLabels() {
  useEffect(() => {
    let frame = 0;
    const label = () => {
      frame = 0;
      for (const table of document.querySelectorAll<HTMLTableElement>("table.cards")) {
        const heads = [...(table.tHead?.rows[0]?.cells ?? [])].map((th) => th.dataset.cardLabel ?? visibleText(th));
        for (const body of table.tBodies)
          for (const row of body.rows) {
            let col = 0;
            for (const cell of row.cells) {
              const name = heads[col];
              if (name && !cell.hasAttribute("data-label") && cell.colSpan === 1) cell.setAttribute("data-label", name);
              col += cell.colSpan;
            }
          }
      }
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(label);
    };
    label();
    const observer = new MutationObserver(schedule);
    observer.observe(document.body, { childList: true, subtree: true });
    return () => {
      observer.disconnect();
      if (frame) cancelAnimationFrame(frame);
    };
  }, []);
  return null;
}
