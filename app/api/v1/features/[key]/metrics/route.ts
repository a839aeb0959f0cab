import { featureMetricsView } from "@/lib/read/dashboard";
import { featureRoute } from "@/lib/http/feature-route";
import { json } from "@/lib/http";
import { searchParamsObject, ZMetricsQuery } from "@/lib/schemas/metrics";

export const dynamic = "force-dynamic";

export const GET = featureRoute("read", async ({ req, feature }) => {
  const { key } = feature;
  const q = ZMetricsQuery.parse(searchParamsObject(new URL(req.url).searchParams));
  return json(await featureMetricsView(key, feature.id, q));
});
