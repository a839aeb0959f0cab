import { requireActor } from "@/lib/auth";
import { decisionSnapshot } from "@/lib/data/decision-snapshot";
import { pauseFeature } from "@/lib/data/feature-state";
import { json, readJson, route } from "@/lib/http";
import { ZStateChangeRequest } from "@/lib/schemas/feature-state";

export const dynamic = "force-dynamic";

export const POST = route<{ params: Promise<{ key: string }> }>(async (req, { params }) => {
  const { key } = await params;
  const actor = await requireActor(req, "operate", (await decisionSnapshot()).features.get(key)?.id);
  const { reason } = ZStateChangeRequest.parse(await readJson(req));
  const result = await pauseFeature({ key, reason, actor: actor.label });
  // 202: in effect from memory, not stored (the body's warning says what to do)
  return json(result, result.stored === false ? 202 : 200);
});
