import { requireApiKeyWithAnyScope } from "../auth/api-key";
import { preflight, withCors, withCorsFor } from "../decision/cors";
import { requireApiKey } from "../auth/api-key";
import { nodeRouter, type NodeRouter } from "../decision/node-routes";
import { AppError } from "../errors";
import { MAX_OTLP_BODY_BYTES, otlpEncoding, readOtlpBody } from "../otlp/body";
import { answerEncoding, decodeSpans, otlpError, otlpSuccess } from "../otlp/respond";
import { ingestEvents } from "../use-cases/ingest";
import { ingestOtlpSpans } from "../use-cases/ingest-otlp";
import { MAX_BODY_BYTES, MAX_EVENTS_PER_BATCH, ZIngestBatch } from "../schemas/events";
import { errorResponse, json, readJson, route, tooLarge } from "./index";

// The ingest endpoints' handlers — events (JSON) and OTLP/HTTP traces — served twice with identical
// answers: by Next.js's route files (app/api/v1/events/route.ts, app/v1/traces/route.ts) and, in
// the app's server process, ahead of Next.js's routing by the app server's lean lane
// (scripts/app-server.ts, `ingestLane`): no framework routing and no Web Request per batch.

/**
 * Server keys with `ingest` send every kind of event; a client-side key (`feedback`) sends thumbs
 * only, for its own features, from a browser whose origin it allows (CORS).
 */
export const postEvents = withCors(
  route(async (req) => {
    const key = await requireApiKeyWithAnyScope(req, ["ingest", "feedback"]);
    const body = await readJson(req, MAX_BODY_BYTES);
    const envelope = ZIngestBatch.safeParse(body);
    if (!envelope.success) {
      const tooMany = Array.isArray((body as { events?: unknown })?.events);
      if (tooMany) throw new AppError("too_many_events", 413, `At most ${MAX_EVENTS_PER_BATCH} events per request`);
      throw new AppError("invalid_body", 400, 'The body must be an object with an "events" array');
    }
    const restriction = key.kind === "client" ? { featureIds: key.featureIds, types: ["feedback"] } : key.featureId;
    const result = await ingestEvents(envelope.data.events, Date.now(), restriction);
    return json(result, result.rejected.length > 0 ? 207 : 200);
  }),
);

export const eventsPreflight = preflight("POST, OPTIONS");

/**
 * OTLP/HTTP traces (what OpenTelemetry exporters send to <endpoint>/v1/traces): GenAI spans become
 * outputs, their evaluation and feedback events labels and thumbs (README, "OpenTelemetry").
 * Answers, errors included, in the request's encoding.
 */
export async function postTraces(req: Request): Promise<Response> {
  const encoding = answerEncoding(req.headers.get("content-type"));
  try {
    const key = await requireApiKey(req, "ingest");
    const spans = decodeSpans(await readOtlpBody(req), otlpEncoding(req.headers.get("content-type")));
    const result = await ingestOtlpSpans(spans, key);
    return otlpSuccess(result.rejectedSpans, result.errorMessage, encoding);
  } catch (e) {
    return otlpError(e, encoding);
  }
}

/**
 * The lean lane: answers both ingest endpoints (each with its own body limit, and OTLP's refusal in
 * OTLP's shape) and returns false for every other request, which goes on to Next.js.
 */
export function ingestLane(): NodeRouter {
  const events = nodeRouter(
    { "/api/v1/events": { POST: postEvents, OPTIONS: eventsPreflight } },
    {
      lite: true,
      maxBodyBytes: MAX_BODY_BYTES,
      // a browser sending thumbs with a client key reads the refusal only with its CORS headers, as from the route
      tooLarge: (req, max) => withCorsFor(req.headers.origin, errorResponse(tooLarge(max))),
    },
  );
  const traces = nodeRouter(
    { "/v1/traces": { POST: postTraces } },
    {
      lite: true,
      maxBodyBytes: MAX_OTLP_BODY_BYTES,
      tooLarge: (req, max) => otlpError(tooLarge(max), answerEncoding(req.headers["content-type"] ?? null)),
    },
  );
  return async (req, res, base) => (await events(req, res, base)) || traces(req, res, base);
}
