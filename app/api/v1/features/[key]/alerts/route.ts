import { requireActor } from "@/lib/auth";
import { listAlerts, ruleStatuses } from "@/lib/data/alerts";
import { featureByKey } from "@/lib/data/features";
import { notFound } from "@/lib/errors";
import { json, route } from "@/lib/http";
import { ZAlertsQuery } from "@/lib/schemas/alerts";

export const dynamic = "force-dynamic";

// Alerts of a feature (newest first) and every rule's verdict now, "watch" included.
export const GET = route<{ params: Promise<{ key: string }> }>(async (req, { params }) => {
  const { key } = await params;
  const feature = await featureByKey(key);
  await requireActor(req, "read", feature?.id);
  if (!feature) throw notFound(`No feature with key "${key}"`);
  const q = ZAlertsQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
  const [alerts, rules] = await Promise.all([listAlerts(feature.id, q.status), ruleStatuses(feature.id)]);
  return json({ feature: key, state: feature.state, alerts, rules });
});
