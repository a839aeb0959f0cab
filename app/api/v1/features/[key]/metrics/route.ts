import { requireActor } from "@/lib/auth";
import { featureByKey } from "@/lib/data/features";
import { featureMetricsView } from "@/lib/data/dashboard";
import { notFound } from "@/lib/errors";
import { json, route } from "@/lib/http";
import { searchParamsObject, ZMetricsQuery } from "@/lib/schemas/metrics";

export const dynamic = "force-dynamic";

export const GET = route<{ params: Promise<{ key: string }> }>(async (req, { params }) => {
  const { key } = await params;
  const feature = await featureByKey(key);
  await requireActor(req, "read", feature?.id);
  if (!feature) throw notFound(`No feature with key "${key}"`);
  const q = ZMetricsQuery.parse(searchParamsObject(new URL(req.url).searchParams));
  return json(await featureMetricsView(key, feature.id, q));
});
