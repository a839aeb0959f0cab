"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { followStream } from "./follow-stream";

// Every server-rendered page a signed-in user has open follows the state stream: a pause, a
// resume, a phase move, an alert or an incident re-renders the page's server components (client
// state and typed form values stay). Bursts (one incident opens several alerts in a second)
// coalesce into one refresh. EventSource reconnects by itself after the `retry:` the stream sends;
// after an HTTP error (503 in an outage, 400 after a database restore) followStream opens it anew.

const COALESCE_MS = 150;
const TYPES = [
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

export function LiveRefresh() {
  const router = useRouter();
  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const refresh = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        router.refresh();
      }, COALESCE_MS);
    };
    const stop = followStream({ url: "/api/v1/stream", types: TYPES, onChange: refresh, onReopen: refresh });
    return () => {
      stop();
      if (timer) clearTimeout(timer);
    };
  }, [router]);
  return null;
}
