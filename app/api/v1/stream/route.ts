import { decisionSnapshot } from "@/lib/data/decision-snapshot";
import { lastEventIdOf, stateChangeStream } from "@/lib/data/state-stream";
import { route } from "@/lib/http";
import { requireStreamReader } from "@/lib/stream-auth";

export const dynamic = "force-dynamic";

// Server-Sent Events of feature state changes; `Last-Event-ID` resumes after a reconnect.
export const GET = route(async (req) => {
  const reader = await requireStreamReader(req);
  const snapshot = await decisionSnapshot();
  const only = reader.featureId;
  const featureKey = only ? ([...snapshot.features.values()].find((f) => f.id === only)?.key ?? null) : null;
  const stream = stateChangeStream({ lastEventId: lastEventIdOf(req), featureKey, signal: req.signal });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
});
