"use client";

import { useCallback, useEffect, useRef, useState, useTransition } from "react";
import { ActionErrorMessage } from "@/components/admin/action-error";
import { claimQueueItemAction, queueVerdictAction } from "@/lib/actions/review";
import type { ActionError } from "@/lib/actions/guard";
import type { QueueItem } from "@/lib/data/review-queue";
import { percent } from "@/lib/format/numbers";
import { formatUtc } from "@/lib/format/utc";
import { InputOutput } from "./input-output";

type Verdict = "correct" | "incorrect" | "skip";
const KEYS: Record<string, Verdict> = { c: "correct", i: "incorrect", s: "skip" };
const DONE: Record<Verdict, string> = { correct: "marked correct", incorrect: "marked incorrect", skip: "skipped" };

const button =
  "flex items-center gap-2 rounded px-4 py-2 text-sm font-semibold focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700 disabled:opacity-60";
const kbd = "rounded border border-current px-1 font-mono text-xs";

/**
 * One claimed item at a time. Keyboard: c = correct, i = incorrect, s = skip (ignored while typing
 * in a field or with a modifier held). The claim is the server's: a reload resumes the same item.
 */
export function QueueReviewer({ featureKey }: { featureKey: string }) {
  const [item, setItem] = useState<QueueItem | null | undefined>(undefined);
  const [last, setLast] = useState("");
  const [done, setDone] = useState(0);
  const [error, setError] = useState<ActionError | null>(null);
  const [pending, startTransition] = useTransition();
  const busy = useRef(false);

  useEffect(() => {
    let live = true;
    claimQueueItemAction({ featureKey }).then((r) => {
      if (!live) return;
      if (r.ok) setItem(r.data);
      else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [featureKey]);

  const judge = useCallback(
    (verdict: Verdict) => {
      if (!item || busy.current) return;
      busy.current = true;
      const judged = item;
      startTransition(async () => {
        const r = await queueVerdictAction({ featureKey, outputId: judged.id, verdict });
        busy.current = false;
        if (!r.ok) {
          setError(r.error);
          return;
        }
        setError(null);
        setDone((n) => n + (verdict === "skip" ? 0 : 1));
        setLast(`${judged.clientId} ${DONE[verdict]}.`);
        setItem(r.data);
      });
    },
    [featureKey, item],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.repeat) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName))) return;
      const verdict = KEYS[e.key.toLowerCase()];
      if (!verdict) return;
      e.preventDefault();
      judge(verdict);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [judge]);

  return (
    <section aria-labelledby="queue-item-title" className="space-y-3">
      <p role="status" className="min-h-5 text-sm text-slate-700">
        {last}
        {done > 0 && ` ${done} verdict${done === 1 ? "" : "s"} in this session.`}
      </p>
      <ActionErrorMessage error={error} />
      {item === undefined ? (
        <p className="text-sm text-slate-600">Claiming the next item…</p>
      ) : item === null ? (
        <p className="rounded border border-dashed border-slate-300 bg-white p-6 text-slate-700">
          Nothing left for you in this queue: every flagged output is judged, held by another reviewer, or one you skipped.
        </p>
      ) : (
        <article className="rounded-lg border border-slate-200 bg-white p-4" data-testid="queue-item" aria-busy={pending}>
          <h2 id="queue-item-title" className="text-base font-semibold text-slate-900">
            Is this answer correct? <span className="font-mono text-sm font-normal text-slate-700">{item.clientId}</span>
          </h2>
          <dl className="mt-2 grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-3 lg:grid-cols-6">
            {[
              ["Time", formatUtc(new Date(item.at))],
              ["Confidence", percent(item.confidence)],
              ["Phase", item.phase],
              ["Segment", item.segment],
              ["Input type", item.inputType ?? "—"],
              ["Model", item.model ?? "—"],
            ].map(([k, v]) => (
              <div key={k}>
                <dt className="text-xs text-slate-600">{k}</dt>
                <dd className="font-medium text-slate-900">{v}</dd>
              </div>
            ))}
          </dl>
          <InputOutput input={item.input} output={item.output} />
          <div className="mt-4 flex flex-wrap items-center gap-3" role="group" aria-label="Verdict">
            <button type="button" disabled={pending} onClick={() => judge("correct")} aria-keyshortcuts="c" className={`${button} bg-sky-800 text-white hover:bg-sky-900`}>
              ✓ Correct <kbd className={kbd}>c</kbd>
            </button>
            <button type="button" disabled={pending} onClick={() => judge("incorrect")} aria-keyshortcuts="i" className={`${button} bg-orange-700 text-white hover:bg-orange-800`}>
              ✗ Incorrect <kbd className={kbd}>i</kbd>
            </button>
            <button type="button" disabled={pending} onClick={() => judge("skip")} aria-keyshortcuts="s" className={`${button} border border-slate-300 bg-white text-slate-800 hover:bg-slate-50`}>
              Skip <kbd className={kbd}>s</kbd>
            </button>
            <span className="text-xs text-slate-600">Held for you until {formatUtc(new Date(item.claimExpiresAt))}; then it returns to the queue.</span>
          </div>
        </article>
      )}
    </section>
  );
}
