import { requireApiKey } from "@/lib/auth";
import { decisionSnapshot } from "@/lib/data/decision-snapshot";
import { evaluateAllFlags } from "@/lib/data/decisions";
import { etagMatches, ofrepRoute, readOfrepContext } from "@/lib/ofrep";

export const dynamic = "force-dynamic";

// OFREP bulk evaluation: every flag the key may see; 304 when the client's ETag is current.
export const POST = ofrepRoute(async (req) => {
  const snapshot = await decisionSnapshot();
  const key = await requireApiKey(req, "evaluate");
  const context = await readOfrepContext(req);
  const { body, etag } = evaluateAllFlags(snapshot, context, key.featureId, Date.now());
  const headers = { etag, "cache-control": "no-cache" };
  if (etagMatches(req, etag)) return new Response(null, { status: 304, headers });
  return new Response(body, { status: 200, headers: { ...headers, "content-type": "application/json; charset=utf-8" } });
});
