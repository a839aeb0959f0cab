import { backtestForFeature } from "@/lib/read/backtest";
import { featureRoute } from "@/lib/http/feature-route";
import { json, readJson } from "@/lib/http";
import { ZBacktestRequest } from "@/lib/schemas/backtest";

export const dynamic = "force-dynamic";

// What a rule (saved, by id, or a draft) would have done over a past range: its alerts, watch
// periods and summary, computed by the live evaluator's own function. Reads only: scope `read`.
export const POST = featureRoute("read", async ({ req, feature }) => {
  const { key } = feature;
  const body = ZBacktestRequest.parse(await readJson(req, 64 * 1024));
  return json({ feature: key, ...(await backtestForFeature(feature.id, body)) });
});
