"use client";

import { formatDay, formatInstant } from "@/lib/format/time";
import { formatUtc } from "@/lib/format/utc";
import { useViewerTimeZone } from "./use-time-zone";

/**
 * A moment in the viewer's time zone ("Nov 29, 2026, 09:14 CET"), the UTC time on hover. Server
 * HTML and hydration show UTC, then the browser's zone takes over.
 */
export function LocalTime({
  at,
  className,
  seconds = false,
  dateOnly = false,
}: {
  at: Date | string | number;
  className?: string;
  seconds?: boolean;
  /** the viewer's calendar day only ("Nov 29, 2026"), the UTC moment still on hover */
  dateOnly?: boolean;
}) {
  const zone = useViewerTimeZone();
  const d = new Date(at);
  if (dateOnly)
    return (
      <time dateTime={d.toISOString()} title={formatUtc(d)} className={className}>
        {formatDay(d.getTime(), zone)}
      </time>
    );
  const zoneName =
    new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "short" }).formatToParts(d).find((p) => p.type === "timeZoneName")
      ?.value ?? zone;
  return (
    <time dateTime={d.toISOString()} title={formatUtc(d)} className={className}>
      {formatInstant(d.getTime(), zone, seconds)} {zoneName}
    </time>
  );
}
