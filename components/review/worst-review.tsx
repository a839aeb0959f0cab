"use client";

import { LocalTime } from "@/components/ui/local-time";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState, useTransition } from "react";
import { ActionErrorMessage } from "@/components/admin/action-error";
import { markOutputsAction, tagOutputsAction } from "@/lib/actions/review";
import type { ActionError } from "@/lib/actions/guard";
import type { WorstGroup } from "@/lib/domain/review-export";
import { percent } from "@/lib/format/numbers";
import { ReviewItemCard } from "./review-item-card";
import { TagEditor } from "./tag-editor";

export const TAG_SUGGESTIONS_ID = "review-tag-suggestions";

const kbd = "rounded border border-slate-400 bg-white px-1 font-mono text-xs text-slate-800";
const typing = (e: KeyboardEvent) => {
  const t = e.target as HTMLElement | null;
  if (!t) return false;
  if (t.tagName === "INPUT") return !["checkbox", "radio", "button", "submit"].includes((t as HTMLInputElement).type);
  return t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable;
};
const oneLine = (s: string | null) => (s ?? "").replace(/\s+/g, " ").trim();

type Review = WorstGroup["item"]["review"];

/**
 * The worst groups as a compact list with a detail pane. Keyboard (not while typing): j / k move,
 * x selects, t tags (the selection, else the current group), 1–9 add the n-th suggested tag, r
 * marks reviewed. Tags save as they are added, for every output of the chosen groups.
 */
export function WorstReview({
  featureKey,
  groups,
  canEdit,
  suggestions,
}: {
  featureKey: string;
  groups: WorstGroup[];
  canEdit: boolean;
  suggestions: string[];
}) {
  const router = useRouter();
  const [active, setActive] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const selectedRef = useRef(selected);
  useEffect(() => {
    selectedRef.current = selected;
  }, [selected]);
  const [reviews, setReviews] = useState<Record<string, Review>>(() => Object.fromEntries(groups.map((g) => [g.key, g.item.review])));
  const [status, setStatus] = useState("");
  const [error, setError] = useState<ActionError | null>(null);
  const [, startTransition] = useTransition();
  const tagInput = useRef<HTMLInputElement>(null);
  const rows = useRef<(HTMLLIElement | null)[]>([]);

  // A refresh (after another reviewer's change, or a new range) brings new groups: take them over
  // while rendering (React's "adjust state when a prop changes"), not in an effect.
  const [seenGroups, setSeenGroups] = useState(groups);
  if (seenGroups !== groups) {
    setSeenGroups(groups);
    setReviews(Object.fromEntries(groups.map((g) => [g.key, g.item.review])));
    setActive((a) => Math.min(a, Math.max(0, groups.length - 1)));
  }

  const current = groups[active];
  const targets = useMemo(
    () => (selected.size > 0 ? groups.filter((g) => selected.has(g.key)) : current ? [current] : []),
    [selected, groups, current],
  );
  const outputsOf = (gs: WorstGroup[]) => gs.flatMap((g) => g.outputIds);
  const describe = (gs: WorstGroup[]) => (gs.length === 1 ? `#${gs[0].rank}` : `${gs.length} groups`);

  const changeTags = useCallback(
    (gs: WorstGroup[], add: string[], remove: string[]) => {
      if (!canEdit || gs.length === 0) return;
      const keys = new Set(gs.map((g) => g.key));
      const before = reviews;
      setReviews((r) => {
        const next = { ...r };
        for (const k of keys) {
          const tags = next[k].tags.filter((t) => !remove.includes(t));
          for (const t of add) if (!tags.includes(t)) tags.push(t);
          next[k] = { ...next[k], tags };
        }
        return next;
      });
      setStatus("Saving…");
      startTransition(async () => {
        const r = await tagOutputsAction({ featureKey, outputIds: outputsOf(gs), add, remove });
        if (!r.ok) {
          setReviews(before);
          setError(r.error);
          setStatus("");
          return;
        }
        setError(null);
        // a bulk change is done with its selection: the next key acts on the focused row again
        const bulk = gs.length > 1 || [...keys].some((k) => selectedRef.current.has(k));
        if (bulk) setSelected(new Set());
        setStatus(
          (add.length
            ? `Tagged ${describe(gs)} “${add.join("”, “")}” (${r.data.outputs} outputs). Saved.`
            : `Removed “${remove.join("”, “")}” from ${describe(gs)}. Saved.`) + (bulk ? " Selection cleared." : ""),
        );
        router.refresh();
      });
    },
    [canEdit, featureKey, reviews, router],
  );

  const mark = useCallback(
    (gs: WorstGroup[], change: { reviewed?: boolean; note?: string }) => {
      if (!canEdit || gs.length === 0) return;
      setReviews((r) => {
        const next = { ...r };
        for (const g of gs) next[g.key] = { ...next[g.key], ...change };
        return next;
      });
      startTransition(async () => {
        const r = await markOutputsAction({ featureKey, outputIds: outputsOf(gs), ...change });
        if (!r.ok) {
          setError(r.error);
          return;
        }
        setError(null);
        setStatus(
          change.reviewed !== undefined
            ? `${describe(gs)} ${change.reviewed ? "marked reviewed" : "no longer marked reviewed"}. Saved.`
            : `Note of ${describe(gs)} saved.`,
        );
        router.refresh();
      });
    },
    [canEdit, featureKey, router],
  );

  const move = useCallback(
    (by: number) => {
      setActive((a) => {
        const n = Math.min(groups.length - 1, Math.max(0, a + by));
        rows.current[n]?.scrollIntoView({ block: "nearest" });
        return n;
      });
    },
    [groups.length],
  );
  const toggle = useCallback((key: string) => {
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey || typing(e)) return;
      if (e.key === "j" || e.key === "ArrowDown") move(1);
      else if (e.key === "k" || e.key === "ArrowUp") move(-1);
      else if (e.key === "x" && current) toggle(current.key);
      else if (e.key === "t" && canEdit) tagInput.current?.focus();
      else if (e.key === "r" && canEdit && current) mark([current], { reviewed: !reviews[current.key]?.reviewed });
      else if (/^[1-9]$/.test(e.key) && canEdit && suggestions[Number(e.key) - 1])
        changeTags(targets, [suggestions[Number(e.key) - 1]], []);
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [move, toggle, mark, changeTags, current, canEdit, reviews, suggestions, targets]);

  const reviewedCount = groups.filter((g) => reviews[g.key]?.reviewed).length;

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2 rounded-lg border border-slate-200 bg-white p-3 text-sm">
        <div className="flex items-center gap-2">
          <span id="review-progress-label" className="font-medium text-slate-900">
            Progress
          </span>
          <div
            role="progressbar"
            aria-labelledby="review-progress-label"
            aria-valuemin={0}
            aria-valuemax={groups.length}
            aria-valuenow={reviewedCount}
            className="h-2.5 w-32 overflow-hidden rounded-full border border-slate-400 bg-white"
          >
            <div className="h-full bg-emerald-700" style={{ width: `${groups.length ? (100 * reviewedCount) / groups.length : 0}%` }} />
          </div>
          <span data-testid="review-progress" className="font-semibold text-slate-900">
            {reviewedCount} / {groups.length} reviewed
          </span>
        </div>
        <p className="text-slate-600">
          <kbd className={kbd}>j</kbd>/<kbd className={kbd}>k</kbd> move · <kbd className={kbd}>x</kbd> select
          {canEdit && (
            <>
              {" "}
              · <kbd className={kbd}>t</kbd> tag · <kbd className={kbd}>1</kbd>–<kbd className={kbd}>9</kbd> suggested tag ·{" "}
              <kbd className={kbd}>r</kbd> reviewed
            </>
          )}
        </p>
        <span role="status" aria-live="polite" className="ml-auto text-slate-800" data-testid="review-status">
          {status}
        </span>
      </div>
      <ActionErrorMessage error={error} />

      {canEdit && (
        <div
          className="flex flex-wrap items-center gap-3 rounded-lg border border-sky-200 bg-sky-50 p-3 text-sm"
          aria-label="Tag the chosen groups"
          role="group"
        >
          <span className="font-medium text-slate-900" data-testid="tag-target">
            {selected.size > 0
              ? `${selected.size} selected (${outputsOf(targets).length} outputs)`
              : current
                ? `#${current.rank} (${current.count} output${current.count === 1 ? "" : "s"})`
                : "Nothing to tag"}
          </span>
          <TagEditor
            inputRef={tagInput}
            label={selected.size > 0 ? "Tag selected groups" : "Tag this group"}
            listId={TAG_SUGGESTIONS_ID}
            placeholder={suggestions[0] ? `e.g. ${suggestions[0]}` : "a failure pattern"}
            onAdd={(tag) => changeTags(targets, [tag], [])}
          />
          {suggestions.length > 0 && (
            <ul aria-label="Suggested tags" className="flex flex-wrap gap-1">
              {suggestions.slice(0, 9).map((t, i) => (
                <li key={t}>
                  <button
                    type="button"
                    onClick={() => changeTags(targets, [t], [])}
                    className="rounded-full border border-sky-700 bg-white px-2 py-0.5 text-xs text-sky-950 hover:bg-sky-100 focus-visible:outline-2 focus-visible:outline-sky-700"
                  >
                    <span className="font-mono text-slate-500">{i + 1}</span> {t}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {selected.size > 0 && (
            <button type="button" onClick={() => setSelected(new Set())} className="text-sky-900 underline underline-offset-2">
              Clear selection
            </button>
          )}
        </div>
      )}

      <div className="grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <ol
          aria-label="Worst failures, worst first"
          className="max-h-[75vh] divide-y divide-slate-100 overflow-y-auto rounded-lg border border-slate-200 bg-white"
        >
          {groups.map((g, i) => {
            const r = reviews[g.key] ?? g.item.review;
            const isActive = i === active;
            return (
              <li
                key={g.key}
                ref={(el) => {
                  rows.current[i] = el;
                }}
                data-testid="review-item"
                aria-current={isActive ? "true" : undefined}
                className={`flex items-start gap-2 px-2 py-1.5 text-sm ${isActive ? "bg-sky-100 ring-2 ring-inset ring-sky-700" : "hover:bg-slate-50"}`}
              >
                <input
                  type="checkbox"
                  aria-label={`Select #${g.rank}`}
                  checked={selected.has(g.key)}
                  onChange={() => toggle(g.key)}
                  className="mt-1 h-4 w-4 accent-sky-800"
                />
                <button
                  type="button"
                  onClick={() => setActive(i)}
                  className="min-w-0 flex-1 text-left focus-visible:outline-2 focus-visible:outline-sky-700"
                >
                  <span className="flex items-baseline gap-2">
                    <span className="font-semibold text-slate-900">#{g.rank}</span>
                    {g.count > 1 && (
                      <span data-testid="group-count" className="rounded bg-orange-100 px-1.5 text-xs font-semibold text-orange-950">
                        ×{g.count}
                      </span>
                    )}
                    <span className="text-xs text-slate-600">
                      {g.item.score} · {percent(g.item.confidence)} · {g.unitCount} unit{g.unitCount === 1 ? "" : "s"}
                    </span>
                    {r.reviewed && <span className="ml-auto text-xs font-semibold text-emerald-800">✓ Reviewed</span>}
                  </span>
                  <span className="block truncate font-mono text-xs text-slate-800">{oneLine(g.item.output) || g.item.clientId}</span>
                  {r.tags.length > 0 && (
                    <span className="mt-0.5 flex flex-wrap gap-1" data-testid="row-tags">
                      {r.tags.map((t) => (
                        <span key={t} className="rounded-full border border-sky-800 bg-sky-50 px-1.5 text-xs text-sky-950">
                          {t}
                        </span>
                      ))}
                    </span>
                  )}
                </button>
              </li>
            );
          })}
        </ol>

        {current && (
          <div className="lg:sticky lg:top-4 lg:self-start">
            <GroupFacts group={current} />
            <ReviewItemCard item={{ ...current.item, rank: current.rank }}>
              <GroupReviewFields
                key={current.key}
                group={current}
                review={reviews[current.key] ?? current.item.review}
                canEdit={canEdit}
                onRemoveTag={(t) => changeTags([current], [], [t])}
                onMark={(change) => mark([current], change)}
              />
            </ReviewItemCard>
          </div>
        )}
      </div>
    </div>
  );
}

function GroupFacts({ group }: { group: WorstGroup }) {
  return (
    <section aria-label="Group" className="mb-2 rounded-lg border border-orange-200 bg-orange-50 p-3 text-sm text-slate-900">
      <p>
        <strong data-testid="detail-count">
          {group.count} output{group.count === 1 ? "" : "s"}
        </strong>{" "}
        with this input and output, reaching <strong>{group.unitCount}</strong> unit{group.unitCount === 1 ? "" : "s"}
        {group.count > 1 && (
          <>
            {" "}
            between <LocalTime at={group.firstAt} /> and <LocalTime at={group.lastAt} />
          </>
        )}
        .
      </p>
      <p className="mt-1 text-slate-700">
        Segments: {group.segments.map((s) => `${s.segment} (${s.count})`).join(", ")} · phase{group.phases.length === 1 ? "" : "s"}{" "}
        {group.phases.join(", ")}
      </p>
      {group.units.length > 0 && (
        <details className="mt-1">
          <summary className="cursor-pointer text-sky-900 underline underline-offset-2">Affected units</summary>
          <p className="mt-1 break-words font-mono text-xs">
            {group.units.join(", ")}
            {group.unitCount > group.units.length ? ` … and ${group.unitCount - group.units.length} more` : ""}
          </p>
        </details>
      )}
    </section>
  );
}

function GroupReviewFields({
  group,
  review,
  canEdit,
  onRemoveTag,
  onMark,
}: {
  group: WorstGroup;
  review: Review;
  canEdit: boolean;
  onRemoveTag: (tag: string) => void;
  onMark: (change: { reviewed?: boolean; note?: string }) => void;
}) {
  const [note, setNote] = useState(review.note);
  const id = `group-${group.rank}`;
  return (
    <div className="mt-3 space-y-2 border-t border-slate-100 pt-3 text-sm">
      <div>
        <span className="text-xs font-medium text-slate-700">Failure pattern tags</span>
        {review.tags.length === 0 ? (
          <p className="text-slate-500">None yet{canEdit ? " — press t, or a number for a suggested tag." : "."}</p>
        ) : (
          <ul aria-label="Tags" className="mt-1 flex flex-wrap gap-1">
            {review.tags.map((t) => (
              <li
                key={t}
                className="flex items-center gap-1 rounded-full border border-sky-800 bg-sky-50 py-0.5 pl-2 pr-1 text-xs text-sky-950"
              >
                {t}
                {canEdit && (
                  <button
                    type="button"
                    aria-label={`Remove tag ${t}`}
                    onClick={() => onRemoveTag(t)}
                    className="rounded-full px-1 leading-none hover:bg-sky-200 focus-visible:outline-2 focus-visible:outline-sky-700"
                  >
                    ×
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
      {canEdit ? (
        <>
          <div>
            <label htmlFor={`${id}-note`} className="block text-xs font-medium text-slate-700">
              Note (saved when you leave the field)
            </label>
            <textarea
              id={`${id}-note`}
              value={note}
              maxLength={2000}
              rows={2}
              onChange={(e) => setNote(e.target.value)}
              onBlur={() => note.trim() !== review.note && onMark({ note })}
              onKeyDown={(e) => e.key === "Escape" && (e.target as HTMLElement).blur()}
              className="mt-1 block w-full rounded border border-slate-300 bg-white px-2 py-1 focus:border-blue-600 focus:outline-none focus:ring-2 focus:ring-blue-200"
            />
          </div>
          <label className="flex items-center gap-2 text-slate-800">
            <input
              type="checkbox"
              checked={review.reviewed}
              onChange={(e) => onMark({ reviewed: e.target.checked })}
              className="h-4 w-4 accent-emerald-800"
            />
            Reviewed (all {group.count} output{group.count === 1 ? "" : "s"})
          </label>
        </>
      ) : (
        <>
          {review.note && <p className="whitespace-pre-wrap break-words">Note: {review.note}</p>}
          <p className="text-slate-600">Tagging and marking reviewed need the operator role.</p>
        </>
      )}
    </div>
  );
}
