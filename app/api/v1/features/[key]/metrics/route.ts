import { requireActor } from "@/lib/auth";
import { featureByKey } from "@/lib/data/features";
import { errorConcentration, featureMetrics } from "@/lib/data/metrics";
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
  const [metrics, bySegment, byInputType] = await Promise.all([
    featureMetrics(feature.id, q),
    errorConcentration(feature.id, q, "segment"),
    errorConcentration(feature.id, q, "inputType"),
  ]);
  return json({ feature: key, ...metrics, bySegment, byInputType });
});
