import { pauseFeature } from "@/lib/use-cases/pause";
import { featureCommandRoute } from "@/lib/http/feature-route";
import { json, readJson } from "@/lib/http";
import { ZStateChangeRequest } from "@/lib/schemas/feature-state";

export const dynamic = "force-dynamic";

export const POST = featureCommandRoute("operate", async ({ req, key, actor }) => {
  const { reason } = ZStateChangeRequest.parse(await readJson(req));
  const result = await pauseFeature({ key, reason, actor: actor.label });
  // 202: in effect from memory, not stored (the body's warning says what to do)
  return json(result, result.stored === false ? 202 : 200);
});
