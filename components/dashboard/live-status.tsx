"use client";

import { formatAgo } from "@/lib/format/time";
import { useNow } from "../ui/use-now";
import { FetchError } from "./use-live-metrics";

/** "Updated 4 s ago", and what went wrong when the live refresh fails (the last data stays). */
export function LiveStatus({ updatedAt, error, pending }: { updatedAt: number; error: Error | null; pending: boolean }) {
  const now = useNow(1000);
  const problem =
    error instanceof FetchError && (error.status === 401 || error.status === 403)
      ? "Live updates stopped: your session has ended. Sign in again to resume."
      : error
        ? `Live updates failed (${error.message}); retrying every 10 s.`
        : null;
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
      <p role="status" aria-live="polite" className="text-slate-700">
        <span aria-hidden="true" className={`mr-1.5 inline-block h-2 w-2 rounded-full ${error ? "bg-amber-600" : "bg-sky-700"}`} />
        <span suppressHydrationWarning>{pending ? "Updating…" : `Updated ${formatAgo(now - updatedAt)}`}</span>
      </p>
      {problem && (
        <p role="alert" className="rounded border border-amber-600 bg-amber-50 px-2 py-0.5 text-amber-950">
          {problem}
        </p>
      )}
    </div>
  );
}
