import { requireActor } from "@/lib/auth";
import { decisionSnapshot } from "@/lib/data/decision-snapshot";
import { rollbackFeature } from "@/lib/data/phase-transitions";
import { json, readJson, route } from "@/lib/http";
import { ZPhaseTransitionRequest } from "@/lib/schemas/plan";

export const dynamic = "force-dynamic";

export const POST = route<{ params: Promise<{ key: string }> }>(async (req, { params }) => {
  const { key } = await params;
  const actor = await requireActor(req, "operate", (await decisionSnapshot()).features.get(key)?.id);
  const { reason } = ZPhaseTransitionRequest.parse(await readJson(req));
  return json(await rollbackFeature({ key, reason, actor: actor.label }));
});
