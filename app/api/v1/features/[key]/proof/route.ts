import { requireActor } from "@/lib/auth";
import { featureByKey } from "@/lib/data/features";
import { productProof } from "@/lib/data/proof";
import { notFound } from "@/lib/errors";
import { json, route } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Whether the product obeyed the switch: decisions by outcome, stream clients, AI answers shown after a pause. */
export const GET = route<{ params: Promise<{ key: string }> }>(async (req, { params }) => {
  const { key } = await params;
  const feature = await featureByKey(key);
  await requireActor(req, "read", feature?.id);
  if (!feature) throw notFound(`No feature with key "${key}"`);
  return json(await productProof(feature));
});
