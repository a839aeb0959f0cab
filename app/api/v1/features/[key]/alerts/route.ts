import { listAlerts } from "@/lib/read/alerts";
import { ruleStatuses } from "@/lib/read/rule-statuses";
import { featureRoute } from "@/lib/http/feature-route";
import { json } from "@/lib/http";
import { ZAlertsQuery } from "@/lib/schemas/alerts";

export const dynamic = "force-dynamic";

// Alerts of a feature (newest first) and every rule's verdict now, "watch" included.
export const GET = featureRoute("read", async ({ req, feature }) => {
  const { key } = feature;
  const q = ZAlertsQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
  const [alerts, rules] = await Promise.all([listAlerts(feature.id, q.status), ruleStatuses(feature.id)]);
  return json({ feature: key, state: feature.state, alerts, rules });
});
