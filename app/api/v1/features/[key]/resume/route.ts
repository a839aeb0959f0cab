import { requireActor } from "@/lib/auth";
import { decisionSnapshot } from "@/lib/data/decision-snapshot";
import { resumeFeature } from "@/lib/data/feature-state";
import { json, readJson, route } from "@/lib/http";
import { ZStateChangeRequest } from "@/lib/schemas/feature-state";

export const dynamic = "force-dynamic";

export const POST = route<{ params: Promise<{ key: string }> }>(async (req, { params }) => {
  const { key } = await params;
  const actor = await requireActor(req, "operate", (await decisionSnapshot()).features.get(key)?.id);
  const { reason } = ZStateChangeRequest.parse(await readJson(req));
  return json(await resumeFeature({ key, reason, actor: actor.label }));
});
