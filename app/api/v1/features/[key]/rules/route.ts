import { requireActor } from "@/lib/auth";
import { ruleStatuses } from "@/lib/data/alerts";
import { featureByKey } from "@/lib/data/features";
import { notFound } from "@/lib/errors";
import { json, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// The feature's alert rules — id, kind, metric, parameters, scope, action — each with its verdict
// now (for a sequential rule, per slice: normal, traffic, expected delays), so rules can be
// inspected, backtested by id and kept in code. Reads only: scope `read`.
export const GET = route<{ params: Promise<{ key: string }> }>(async (req, { params }) => {
  const { key } = await params;
  const feature = await featureByKey(key);
  await requireActor(req, "read", feature?.id);
  if (!feature) throw notFound(`No feature with key "${key}"`);
  const rules = await ruleStatuses(feature.id);
  return json({
    feature: key,
    rules: rules.map(({ rule, ...now }) => ({ ...rule, now })),
  });
});
