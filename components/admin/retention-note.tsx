import { LocalTime } from "@/components/ui/local-time";
import { lastPurge, retentionDays } from "@/lib/data/retention";

/** How long raw events are kept (ROLLGUARD_RETENTION_DAYS) and the last purge, for admins. */
export async function RetentionNote() {
  const days = retentionDays();
  const last = days === null ? null : await lastPurge();
  return (
    <p role="note" aria-label="Data retention" className="rounded-lg border border-slate-200 bg-white px-4 py-2 text-sm text-slate-700">
      <strong className="font-medium">Data retention:</strong>{" "}
      {days === null ? (
        <>
          raw events are kept forever (<code>ROLLGUARD_RETENTION_DAYS</code> is off).
        </>
      ) : (
        <>
          raw events — outputs with their labels, thumbs and review rows, tickets, accuracy samples — are kept for {days} days (
          <code>ROLLGUARD_RETENTION_DAYS</code>), then purged hourly; rollups, charts and alert history are kept forever. Older events are
          refused at ingest (<code>older_than_retention</code>).{" "}
          {last ? (
            <>
              Last purge: <LocalTime at={last.at} />, {last.outputs.toLocaleString("en-US")} outputs ({last.rows.toLocaleString("en-US")}{" "}
              rows in all), listed below as <code>retention.purge</code>.
            </>
          ) : (
            <>Nothing has been purged yet.</>
          )}
        </>
      )}
    </p>
  );
}
