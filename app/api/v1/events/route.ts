import { requireApiKeyWithAnyScope } from "@/lib/auth";
import { preflight, withCors } from "@/lib/decision/cors";
import { ingestEvents } from "@/lib/use-cases/ingest";
import { AppError } from "@/lib/errors";
import { json, readJson, route } from "@/lib/http";
import { asNextHandler } from "@/lib/decision/node-routes";
import { MAX_BODY_BYTES, MAX_EVENTS_PER_BATCH, ZIngestBatch } from "@/lib/schemas/events";

export const dynamic = "force-dynamic";

// Server keys with `ingest` send every kind of event; a client-side key (`feedback`) sends thumbs
// only, for its own features, from a browser whose origin it allows (CORS).
export const POST = asNextHandler(
  withCors(
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
  ),
);

export const OPTIONS = asNextHandler(preflight("POST, OPTIONS"));
