"use client";

import { LocalTime } from "@/components/ui/local-time";
import { useCallback, useEffect, useRef, useState, useTransition } from "react";
import { ActionErrorMessage } from "@/components/admin/action-error";
import { claimQueueItemAction, queueStatsAction, queueVerdictAction, undoVerdictAction } from "@/lib/actions/review";
import type { ActionError } from "@/lib/actions/guard";
import type { QueueFigures, QueueItem } from "@/lib/data/review-queue";
import { QUEUE_REASONS } from "@/lib/domain/queue-priority";
import { percent } from "@/lib/format/numbers";
import type { QueueFilter, QueueOrder } from "@/lib/schemas/review";
import { InputOutput } from "./input-output";
import { QueueStats } from "./queue-stats";

type Verdict = "correct" | "incorrect" | "skip";
const KEYS: Record<string, Verdict> = { c: "correct", i: "incorrect", s: "skip" };
const DONE: Record<Verdict, string> = { correct: "marked correct", incorrect: "marked incorrect", skip: "skipped" };
const REASON = new Map(QUEUE_REASONS.map((r) => [r.key, r]));
const POLL_MS = 5_000;

const button =
  "flex items-center gap-2 rounded px-4 py-2 text-sm font-semibold focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700 disabled:opacity-60";
const kbd = "rounded border border-current px-1 font-mono text-xs";

/**
 * One claimed item at a time, in the page's order and filters. Keyboard (not while typing, no
 * modifier): c = correct, i = incorrect, s = skip, n = write a note, u = undo the last verdict.
 * The claim is the server's: a reload resumes the same item. The counters refresh every few
 * seconds and after each verdict, so the team sees the same numbers.
 */
export function QueueReviewer({
  featureKey,
  order,
  filter,
  initialFigures,
}: {
  featureKey: string;
  order: QueueOrder;
  filter: QueueFilter;
  initialFigures: QueueFigures;
}) {
  const [item, setItem] = useState<QueueItem | null | undefined>(undefined);
  const [figures, setFigures] = useState(initialFigures);
  const [figuresAt, setFiguresAt] = useState(() => Date.now());
  const [note, setNote] = useState("");
  const [last, setLast] = useState("");
  const [done, setDone] = useState(0);
  const [canUndo, setCanUndo] = useState(false);
  const [error, setError] = useState<ActionError | null>(null);
  const [pending, startTransition] = useTransition();
  const busy = useRef(false);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const view = { order, filter };

  const refresh = useCallback(async () => {
    const r = await queueStatsAction({ featureKey });
    if (r.ok) {
      setFigures(r.data);
      setFiguresAt(Date.now());
    }
  }, [featureKey]);

  useEffect(() => {
    let live = true;
    claimQueueItemAction({ featureKey, order, filter }).then((r) => {
      if (!live) return;
      if (r.ok) setItem(r.data);
      else setError(r.error);
      void refresh();
    });
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [featureKey, refresh]);

  const judge = useCallback(
    (verdict: Verdict) => {
      if (!item || busy.current) return;
      busy.current = true;
      const judged = item;
      startTransition(async () => {
        const r = await queueVerdictAction({ featureKey, outputId: judged.id, verdict, note, ...view });
        busy.current = false;
        if (!r.ok) {
          setError(r.error);
          return;
        }
        setError(null);
        setDone((n) => n + (verdict === "skip" ? 0 : 1));
        if (verdict !== "skip") setCanUndo(true);
        setNote("");
        setLast(`${judged.clientId} ${DONE[verdict]}${note.trim() && verdict !== "skip" ? " with a note" : ""}.`);
        setItem(r.data);
        await refresh();
      });
    },
    [featureKey, item, note, refresh],
  );

  const undo = useCallback(() => {
    if (busy.current) return;
    busy.current = true;
    startTransition(async () => {
      const r = await undoVerdictAction({ featureKey, ...view });
      busy.current = false;
      if (!r.ok) {
        setError(r.error);
        if (r.error.status === 404) setCanUndo(false);
        return;
      }
      setError(null);
      setDone((n) => Math.max(0, n - 1));
      setLast(
        `Undone: the ${r.data.verdict} verdict on ${r.data.item?.id === r.data.outputId ? r.data.item.clientId : "the last item"} is withdrawn.`,
      );
      setItem(r.data.item);
      await refresh();
    });
  }, [featureKey, refresh]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.repeat) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName))) {
        if (e.key === "Escape") t.blur();
        return;
      }
      const key = e.key.toLowerCase();
      if (key === "u") {
        e.preventDefault();
        undo();
        return;
      }
      if (key === "n") {
        e.preventDefault();
        noteRef.current?.focus();
        return;
      }
      const verdict = KEYS[key];
      if (!verdict) return;
      e.preventDefault();
      judge(verdict);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [judge, undo]);

  return (
    <section aria-labelledby="queue-item-title" className="space-y-3">
      <QueueStats stats={figures} now={figuresAt} />
      <div className="flex flex-wrap items-center gap-3">
        <p role="status" className="min-h-5 text-sm text-slate-700">
          {last}
          {done > 0 && ` ${done} verdict${done === 1 ? "" : "s"} in this session.`}
        </p>
        <button
          type="button"
          onClick={undo}
          disabled={!canUndo || pending}
          aria-keyshortcuts="u"
          className={`${button} ml-auto border border-slate-300 bg-white text-slate-800 hover:bg-slate-50`}
        >
          Undo last verdict <kbd className={kbd}>u</kbd>
        </button>
      </div>
      <ActionErrorMessage error={error} />
      {item === undefined ? (
        <p className="text-sm text-slate-600">Claiming the next item…</p>
      ) : item === null ? (
        <p className="rounded border border-dashed border-slate-300 bg-white p-6 text-slate-700">
          Nothing left for you in this queue{Object.keys(filter).length ? " with these filters" : ""}: every flagged output is judged, held
          by another reviewer, or one you skipped.
        </p>
      ) : (
        <article className="rounded-lg border border-slate-200 bg-white p-4" data-testid="queue-item" data-at={item.at} aria-busy={pending}>
          <h2 id="queue-item-title" className="text-base font-semibold text-slate-900">
            Is this answer correct? <span className="font-mono text-sm font-normal text-slate-700">{item.clientId}</span>
          </h2>
          <section aria-label="Why it is here" className="mt-2 flex flex-wrap items-center gap-1 text-sm">
            <span className="text-xs font-semibold uppercase tracking-wide text-slate-600">Why it is here</span>
            {item.reasons.map((r) => (
              <span
                key={r}
                title={REASON.get(r)?.sentence}
                className="rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 text-xs text-slate-900"
              >
                {REASON.get(r)?.label ?? r}
              </span>
            ))}
          </section>
          <dl className="mt-2 grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-3 lg:grid-cols-6">
            {(
              [
                ["Time", <LocalTime key="t" at={item.at} />],
                ["Confidence", percent(item.confidence)],
                ["Phase", item.phase],
                ["Segment", item.segment],
                ["Input type", item.inputType ?? "—"],
                ["Model", item.model ?? "—"],
              ] as [string, React.ReactNode][]
            ).map(([k, v]) => (
              <div key={k}>
                <dt className="text-xs text-slate-600">{k}</dt>
                <dd className="font-medium text-slate-900" data-testid={`queue-${k.toLowerCase().replace(" ", "-")}`}>
                  {v}
                </dd>
              </div>
            ))}
          </dl>
          <InputOutput input={item.input} output={item.output} />
          <div className="mt-3">
            <label htmlFor="queue-note" className="block text-xs font-medium text-slate-700">
              Note with the verdict (optional) <kbd className="rounded border border-slate-400 px-1 font-mono text-xs">n</kbd>
            </label>
            <textarea
              id="queue-note"
              ref={noteRef}
              value={note}
              maxLength={2000}
              rows={2}
              onChange={(e) => setNote(e.target.value)}
              className="mt-1 block w-full rounded border border-slate-300 bg-white px-2 py-1 text-sm focus:border-blue-600 focus:outline-none focus:ring-2 focus:ring-blue-200"
            />
          </div>
          <div className="mt-4 flex flex-wrap items-center gap-3" role="group" aria-label="Verdict">
            <button
              type="button"
              disabled={pending}
              onClick={() => judge("correct")}
              aria-keyshortcuts="c"
              className={`${button} bg-sky-800 text-white hover:bg-sky-900`}
            >
              ✓ Correct <kbd className={kbd}>c</kbd>
            </button>
            <button
              type="button"
              disabled={pending}
              onClick={() => judge("incorrect")}
              aria-keyshortcuts="i"
              className={`${button} bg-orange-700 text-white hover:bg-orange-800`}
            >
              ✗ Incorrect <kbd className={kbd}>i</kbd>
            </button>
            <button
              type="button"
              disabled={pending}
              onClick={() => judge("skip")}
              aria-keyshortcuts="s"
              className={`${button} border border-slate-300 bg-white text-slate-800 hover:bg-slate-50`}
            >
              Skip <kbd className={kbd}>s</kbd>
            </button>
            <span className="text-xs text-slate-600">
              Held for you until <LocalTime at={item.claimExpiresAt} />; then it returns to the queue.
            </span>
          </div>
        </article>
      )}
    </section>
  );
}
