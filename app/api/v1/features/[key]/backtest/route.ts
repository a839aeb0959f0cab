import { requireActor } from "@/lib/auth";
import { backtestForFeature } from "@/lib/data/backtest";
import { featureByKey } from "@/lib/data/features";
import { notFound } from "@/lib/errors";
import { json, readJson, route } from "@/lib/http";
import { ZBacktestRequest } from "@/lib/schemas/backtest";

export const dynamic = "force-dynamic";

// What a rule (saved, by id, or a draft) would have done over a past range: its alerts, watch
// periods and summary, computed by the live evaluator's own function. Reads only: scope `read`.
export const POST = route<{ params: Promise<{ key: string }> }>(async (req, { params }) => {
  const { key } = await params;
  const feature = await featureByKey(key);
  await requireActor(req, "read", feature?.id);
  if (!feature) throw notFound(`No feature with key "${key}"`);
  const body = ZBacktestRequest.parse(await readJson(req, 64 * 1024));
  return json({ feature: key, ...(await backtestForFeature(feature.id, body)) });
});
