import { requireApiKey, requireKeyOrigin, type Actor } from "../auth/api-key";
import { streamTokenSecret } from "../auth/secret";
import { findActiveApiKeyById } from "../data/api-keys";
import { BROWSER_TYPES } from "../data/change-feed";
import { countDecision, outcomeOf } from "./decision-counts";
import { decisionSnapshot } from "./decision-snapshot";
import { decisionText, evaluateAllFlags, evaluateFlag } from "./decisions";
import { countRefetch, featureKeysOf, flagEventStream, INACTIVITY_DELAY_SEC } from "./flag-events";
import { resumePointOf, stateChangeStream } from "./state-stream";
import { issueStreamToken, verifyStreamToken } from "../domain/stream-token";
import { preflight, withCors } from "./cors";
import { AppError, unauthorized } from "../errors";
import { json, JSON_HEADERS, route } from "../http";
import { PlainResponse, type RouteHandler, type Routes } from "./node-routes";
import { etagMatches, ofrepRoute, readOfrepContext } from "./ofrep";
import { requireStreamKey, requireStreamReader } from "../auth/stream";
import { forwardedHost } from "../auth/client-address";

// The decision path's handlers, served twice with identical answers: by Next.js under the app's
// routes (app/ofrep/…, app/api/v1/stream, app/api/v1/flag-events) and by the lean decision
// listener (./listener.ts). The OFREP routes and the flag-event stream answer CORS for the origins
// of client-side keys (./cors.ts).

/** OFREP single flag evaluation: answered from the in-memory snapshot, no database read. */
export const evaluateOne = withCors(
  ofrepRoute<{ params: Promise<Record<string, string>> }>(async (req, { params }) => {
    const { key } = await params;
    const snapshot = await decisionSnapshot();
    const feature = snapshot.features.get(key);
    await requireApiKey(req, "evaluate", feature?.id);
    const context = await readOfrepContext(req, key);
    const now = Date.now();
    const result = evaluateFlag(snapshot, key, context, now);
    if (result.status === 200 && feature)
      countDecision(feature.id, outcomeOf(result.body), now, {
        decision: result.body,
        segment: context.segment,
        unit: context.targetingKey,
      });
    return new PlainResponse(result.status, JSON_HEADERS, result.status === 200 ? decisionText(result.body) : JSON.stringify(result.body));
  }),
);

const FLAG_EVENTS_PATH = "/api/v1/flag-events";

/**
 * OFREP bulk evaluation: every flag the key may see, and the event stream that tells the client
 * when to ask again (`eventStreams`, ADR-0008); 304 when the client's ETag is current. The stream
 * is advertised as an `endpoint` without origin: the provider joins it to the base URL it called,
 * so the same answer works through the app, the decision listener or a proxy in front of them.
 */
export const evaluateAll = withCors(
  ofrepRoute(async (req) => {
    const snapshot = await decisionSnapshot();
    const key = await requireApiKey(req, "evaluate");
    const context = await readOfrepContext(req);
    const now = Date.now();
    const { token } = issueStreamToken(streamTokenSecret(), key.id, now);
    const eventStreams = [
      { type: "sse", endpoint: { requestUri: `${FLAG_EVENTS_PATH}?token=${token}` }, inactivityDelaySec: INACTIVITY_DELAY_SEC },
    ];
    const { body, etag, decisions } = evaluateAllFlags(snapshot, context, key.featureIds, now, { eventStreams });
    if (req.url.includes("flagConfigEtag="))
      countRefetch(new URL(req.url).searchParams.get("flagConfigEtag"), featureKeysOf(snapshot, key));
    if (etagMatches(req, etag)) return new PlainResponse(304, { etag, "cache-control": "no-cache" }, null);
    for (const d of decisions)
      countDecision(d.featureId, outcomeOf(d.decision), now, {
        decision: d.decision,
        segment: context.segment,
        unit: context.targetingKey,
      });
    return new PlainResponse(200, { ...JSON_HEADERS, etag, "cache-control": "no-cache" }, body);
  }),
);

const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  connection: "keep-alive",
  "x-accel-buffering": "no",
};

/**
 * The OFREP change notifications a bulk evaluation advertises: authorised by the short-lived token
 * in its URL (a browser's EventSource cannot send a header), whose key must still be active.
 */
export const streamFlagEvents = withCors(
  route(async (req) => {
    const token = new URL(req.url).searchParams.get("token");
    if (!token) throw unauthorized("The event stream's URL carries its token: take it from the bulk evaluation's eventStreams");
    const check = verifyStreamToken(streamTokenSecret(), token, Date.now());
    if (!check.ok)
      throw new AppError(
        "invalid_token",
        401,
        check.reason === "expired"
          ? "The event-stream token has expired: evaluate again for a new one"
          : "The event-stream token is not valid",
      );
    const key = await findActiveApiKeyById(check.keyId);
    if (!key) throw unauthorized("The API key of this event stream was revoked");
    requireKeyOrigin(key, req.headers.get("origin"), forwardedHost(req.headers) ?? req.headers.get("host"));
    return new Response(flagEventStream({ key, lastEventId: await resumePointOf(req), signal: req.signal }), { headers: SSE_HEADERS });
  }),
);

/** Server-Sent Events of feature state changes; `Last-Event-ID` resumes after a reconnect. */
const stateStream = (authorise: (req: Request) => Promise<Actor>) =>
  route(async (req) => {
    const reader = await authorise(req);
    const snapshot = await decisionSnapshot();
    const only = reader.featureId;
    const featureKey = only ? ([...snapshot.features.values()].find((f) => f.id === only)?.key ?? null) : null;
    const owner =
      reader.kind === "key" ? { keyPrefix: reader.label.slice("key:".length) } : reader.user ? { userId: reader.user.id } : undefined;
    // a signed-in browser also hears alerts and incidents, so its open pages follow an incident live
    const types = reader.kind === "user" ? BROWSER_TYPES : undefined;
    const stream = stateChangeStream({ lastEventId: await resumePointOf(req), featureKey, types, signal: req.signal, owner });
    return new Response(stream, { headers: SSE_HEADERS });
  });

/** The app's stream: API keys, or a signed-in user's session (an open dashboard). */
export const streamStateChanges = /* @__PURE__ */ stateStream(requireStreamReader);
/** The listener's stream: API keys only. */
const streamForKeys = stateStream(requireStreamKey);

export const evaluatePreflight = preflight("POST, OPTIONS");
export const flagEventsPreflight = preflight("GET, OPTIONS");

/** The listener's own liveness: the snapshot is loaded (it never touches the database per request). */
const health: RouteHandler = async () => {
  const snapshot = await decisionSnapshot();
  return json({ status: "ok", features: snapshot.features.size });
};

/** OFREP evaluation, single and bulk: what products call on every request they serve. */
export const OFREP_ROUTES: Routes = {
  "/ofrep/v1/evaluate/flags/[key]": { POST: evaluateOne as RouteHandler, OPTIONS: evaluatePreflight },
  "/ofrep/v1/evaluate/flags": { POST: evaluateAll as RouteHandler, OPTIONS: evaluatePreflight },
};

export const DECISION_ROUTES: Routes = {
  ...OFREP_ROUTES,
  [FLAG_EVENTS_PATH]: { GET: streamFlagEvents as RouteHandler, OPTIONS: flagEventsPreflight },
  "/api/v1/stream": { GET: streamForKeys as RouteHandler },
  "/api/health": { GET: health },
};
