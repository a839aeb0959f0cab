import { requireApiKeyWithAnyScope } from "../auth/api-key";
import { preflight, withCors } from "../decision/cors";
import type { Routes } from "../decision/node-routes";
import { AppError } from "../errors";
import { ingestEvents } from "../use-cases/ingest";
import { MAX_BODY_BYTES, MAX_EVENTS_PER_BATCH, ZIngestBatch } from "../schemas/events";
import { json, readJson, route } from "./index";

// The ingest endpoint's handlers, served twice with identical answers: by Next.js's route file
// (app/api/v1/events/route.ts) and, in the app's server process, ahead of Next.js's routing by the
// app server's lean lane (scripts/app-server.ts): no framework routing and no Web Request per batch.

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

/** What the lean lane answers; every other path goes on to Next.js. */
export const ingestRoutes: Routes = { "/api/v1/events": { POST: postEvents, OPTIONS: eventsPreflight } };
