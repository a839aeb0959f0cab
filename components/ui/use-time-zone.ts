"use client";

import { useSyncExternalStore } from "react";

const never = () => () => {};

/**
 * The viewer's IANA time zone in the browser; "UTC" while rendering on the server and during
 * hydration, so server HTML and first client render agree, then the browser's zone takes over.
 */
export function useViewerTimeZone(): string {
  return useSyncExternalStore(
    never,
    () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    () => "UTC",
  );
}
