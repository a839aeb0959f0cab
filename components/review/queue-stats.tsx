import type { QueueFigures, ReviewQueueStats } from "@/lib/data/review-queue";
import { count, percent } from "@/lib/format/numbers";

const duration = (ms: number | null) => {
  if (ms === null) return "—";
  const min = Math.round(ms / 60_000);
  if (min < 60) return `${min} min`;
  const h = ms / 3_600_000;
  return h < 48 ? `${h.toFixed(1)} h` : `${(h / 24).toFixed(1)} days`;
};

/** Queue depth, live counters and review latency (for the queue page and the feature page). */
export function QueueStats({ stats, now }: { stats: ReviewQueueStats | QueueFigures; now: number }) {
  const facts: [string, string][] = [
    ["Waiting", count(stats.depth)],
    ["Oldest waiting", stats.oldestAt === null ? "—" : duration(now - stats.oldestAt)],
    ["Being reviewed now", count(stats.claimed)],
    ["Done today", count(stats.doneToday)],
    ["Verdicts, last 7 days", count(stats.reviewedLast7Days)],
    ["Review latency (median)", duration(stats.latencyMedianMs)],
    ["Review latency (90th pct.)", duration(stats.latencyP90Ms)],
    ...(stats.setAside > 0 ? ([["Set aside", count(stats.setAside)]] as [string, string][]) : []),
    ...("accuracy" in stats
      ? ([
          [
            "Accuracy, last 7 days",
            stats.accuracy.labelled > 0
              ? `${percent(stats.accuracy.correct / stats.accuracy.labelled)} (${count(stats.accuracy.correct)} / ${count(stats.accuracy.labelled)})`
              : "—",
          ],
        ] as [string, string][])
      : []),
  ];
  return (
    <dl
      aria-label="Queue figures"
      className="grid grid-cols-2 gap-x-6 gap-y-2 rounded-lg border border-slate-200 bg-white p-3 text-sm sm:grid-cols-3 lg:grid-cols-5"
    >
      {facts.map(([k, v]) => (
        <div key={k}>
          <dt className="text-xs text-slate-600">{k}</dt>
          <dd className="font-semibold tabular-nums text-slate-900">{v}</dd>
        </div>
      ))}
    </dl>
  );
}
