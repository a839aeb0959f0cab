import { requireApiKey } from "@/lib/auth";
import { ingestEvents } from "@/lib/data/ingest";
import { AppError } from "@/lib/errors";
import { json, readJson, route } from "@/lib/http";
import { MAX_BODY_BYTES, MAX_EVENTS_PER_BATCH, ZIngestBatch } from "@/lib/schemas/events";

export const dynamic = "force-dynamic";

export const POST = route(async (req) => {
  const key = await requireApiKey(req, "ingest");
  const body = await readJson(req, MAX_BODY_BYTES);
  const envelope = ZIngestBatch.safeParse(body);
  if (!envelope.success) {
    const tooMany = Array.isArray((body as { events?: unknown })?.events);
    if (tooMany) throw new AppError("too_many_events", 413, `At most ${MAX_EVENTS_PER_BATCH} events per request`);
    throw new AppError("invalid_body", 400, 'The body must be an object with an "events" array');
  }
  const result = await ingestEvents(envelope.data.events, Date.now(), key.featureId);
  return json(result, result.rejected.length > 0 ? 207 : 200);
});
