import { resumeFeature } from "@/lib/use-cases/resume";
import { featureCommandRoute } from "@/lib/http/feature-route";
import { json, readJson } from "@/lib/http";
import { ZStateChangeRequest } from "@/lib/schemas/feature-state";

export const dynamic = "force-dynamic";

export const POST = featureCommandRoute("operate", async ({ req, key, actor }) => {
  const { reason } = ZStateChangeRequest.parse(await readJson(req));
  return json(await resumeFeature({ key, reason, actor: actor.label }));
});
