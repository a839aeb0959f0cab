"use client";

import { useState } from "react";
import { useViewerTimeZone } from "@/components/ui/use-time-zone";
import { localInputToUtc, utcToLocalInput } from "@/lib/format/time";
import { useHydrated } from "@/components/ui/use-hydrated";

/**
 * A date-time typed in the viewer's zone, sent as UTC: the visible field has no name, a hidden
 * field `name` carries the UTC value the server reads. Before hydration the field shows UTC.
 */
export function ZonedDateTimeInput({
  name,
  label,
  defaultUtc,
  className,
  labelClassName,
}: {
  name: string;
  label: string;
  defaultUtc: string;
  className: string;
  labelClassName: string;
}) {
  const zone = useViewerTimeZone();
  const hydrated = useHydrated();
  const [utc, setUtc] = useState(defaultUtc);
  const shown = hydrated ? utcToLocalInput(utc) : utc;
  return (
    <label className={labelClassName}>
      {label} ({hydrated ? zone : "UTC"})
      <input
        type="datetime-local"
        value={shown}
        onChange={(e) => setUtc(hydrated ? localInputToUtc(e.target.value) : e.target.value)}
        className={className}
      />
      <input type="hidden" name={name} value={utc} />
    </label>
  );
}
