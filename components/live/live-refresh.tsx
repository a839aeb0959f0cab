"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

// Every server-rendered page a signed-in user has open follows the state stream: a pause, a
// resume, a phase move, an alert or an incident re-renders the page's server components (client
// state and typed form values stay). Bursts (one incident opens several alerts in a second)
// coalesce into one refresh. EventSource reconnects by itself after the `retry:` the stream sends.

const COALESCE_MS = 150;

export function LiveRefresh() {
  const router = useRouter();
  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const source = new EventSource("/api/v1/stream");
    let timer: ReturnType<typeof setTimeout> | null = null;
    const refresh = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        router.refresh();
      }, COALESCE_MS);
    };
    const types = [
      "paused",
      "resumed",
      "phase_changed",
      "threshold_changed",
      "feature_changed",
      "alert_opened",
      "alert_acknowledged",
      "alert_resolved",
      "incident_changed",
    ];
    for (const t of types) source.addEventListener(t, refresh);
    return () => {
      source.close();
      if (timer) clearTimeout(timer);
    };
  }, [router]);
  return null;
}
