import { advanceFeature } from "@/lib/use-cases/move-phase";
import { featureCommandRoute } from "@/lib/http/feature-route";
import { json, readJson } from "@/lib/http";
import { ZPhaseTransitionRequest } from "@/lib/schemas/plan";

export const dynamic = "force-dynamic";

export const POST = featureCommandRoute("operate", async ({ req, key, actor }) => {
  const { reason, override } = ZPhaseTransitionRequest.parse(await readJson(req));
  return json(await advanceFeature({ key, reason, override, actor: actor.label }));
});
