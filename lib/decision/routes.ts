import { requireApiKey, type Actor } from "../auth/api-key";
import { decisionSnapshot } from "../data/decision-snapshot";
import { evaluateAllFlags, evaluateFlag } from "../data/decisions";
import { lastEventIdOf, stateChangeStream } from "../data/state-stream";
import { json, JSON_HEADERS, route } from "../http";
import { PlainResponse, type RouteHandler, type Routes } from "./node-routes";
import { etagMatches, ofrepRoute, readOfrepContext } from "./ofrep";
import { requireStreamKey, requireStreamReader } from "../auth/stream";

// The decision path's handlers, served twice with identical answers: by Next.js under the app's
// routes (app/ofrep/…, app/api/v1/stream) and by the lean decision listener (./listener.ts).

/** OFREP single flag evaluation: answered from the in-memory snapshot, no database read. */
export const evaluateOne = ofrepRoute<{ params: Promise<Record<string, string>> }>(async (req, { params }) => {
  const { key } = await params;
  const snapshot = await decisionSnapshot();
  await requireApiKey(req, "evaluate", snapshot.features.get(key)?.id);
  const context = await readOfrepContext(req, key);
  const result = evaluateFlag(snapshot, key, context, Date.now());
  return new PlainResponse(result.status, JSON_HEADERS, JSON.stringify(result.body));
});

/** OFREP bulk evaluation: every flag the key may see; 304 when the client's ETag is current. */
export const evaluateAll = ofrepRoute(async (req) => {
  const snapshot = await decisionSnapshot();
  const key = await requireApiKey(req, "evaluate");
  const context = await readOfrepContext(req);
  const { body, etag } = evaluateAllFlags(snapshot, context, key.featureId, Date.now());
  if (etagMatches(req, etag)) return new PlainResponse(304, { etag, "cache-control": "no-cache" }, null);
  return new PlainResponse(200, { ...JSON_HEADERS, etag, "cache-control": "no-cache" }, body);
});

/** Server-Sent Events of feature state changes; `Last-Event-ID` resumes after a reconnect. */
const stateStream = (authorise: (req: Request) => Promise<Actor>) => route(async (req) => {
  const reader = await authorise(req);
  const snapshot = await decisionSnapshot();
  const only = reader.featureId;
  const featureKey = only ? ([...snapshot.features.values()].find((f) => f.id === only)?.key ?? null) : null;
  const owner = reader.kind === "key" ? { keyPrefix: reader.label.slice("key:".length) } : reader.user ? { userId: reader.user.id } : undefined;
  const stream = stateChangeStream({ lastEventId: lastEventIdOf(req), featureKey, signal: req.signal, owner });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
});

/** The app's stream: API keys, or a signed-in user's session (an open dashboard). */
export const streamStateChanges = /* @__PURE__ */ stateStream(requireStreamReader);
/** The listener's stream: API keys only. */
const streamForKeys = stateStream(requireStreamKey);

/** The listener's own liveness: the snapshot is loaded (it never touches the database per request). */
const health: RouteHandler = async () => {
  const snapshot = await decisionSnapshot();
  return json({ status: "ok", features: snapshot.features.size });
};

export const DECISION_ROUTES: Routes = {
  "/ofrep/v1/evaluate/flags/[key]": { POST: evaluateOne as RouteHandler },
  "/ofrep/v1/evaluate/flags": { POST: evaluateAll as RouteHandler },
  "/api/v1/stream": { GET: streamForKeys as RouteHandler },
  "/api/health": { GET: health },
};
