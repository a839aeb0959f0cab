import { ruleStatuses } from "@/lib/read/rule-statuses";
import { featureRoute } from "@/lib/http/feature-route";
import { json } from "@/lib/http";

export const dynamic = "force-dynamic";

// The feature's alert rules — id, kind, metric, parameters, scope, action — each with its verdict
// now (for a sequential rule, per slice: normal, traffic, expected delays), so rules can be
// inspected, backtested by id and kept in code. Reads only: scope `read`.
export const GET = featureRoute("read", async ({ feature }) => {
  const { key } = feature;
  const rules = await ruleStatuses(feature.id);
  return json({
    feature: key,
    rules: rules.map(({ rule, ...now }) => ({ ...rule, now })),
  });
});
