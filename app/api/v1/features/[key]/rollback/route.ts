import { rollbackFeature } from "@/lib/use-cases/move-phase";
import { featureCommandRoute } from "@/lib/http/feature-route";
import { json, readJson } from "@/lib/http";
import { ZPhaseTransitionRequest } from "@/lib/schemas/plan";

export const dynamic = "force-dynamic";

export const POST = featureCommandRoute("operate", async ({ req, key, actor }) => {
  const { reason } = ZPhaseTransitionRequest.parse(await readJson(req));
  return json(await rollbackFeature({ key, reason, actor: actor.label }));
});
