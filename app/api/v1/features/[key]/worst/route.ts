import { worstReview } from "@/lib/data/review";
import { worstCsv, worstGroupJson, worstGroupsCsv, worstItemJson } from "@/lib/domain/review-export";
import { featureRoute } from "@/lib/http/feature-route";
import { json } from "@/lib/http";
import { searchParamsObject } from "@/lib/schemas/metrics";
import { ZWorstQuery } from "@/lib/schemas/review";

export const dynamic = "force-dynamic";

/**
 * The week's worst outputs, ranked by badness, with factors, tags and notes (JSON or CSV). `items`
 * are the worst outputs as before; `groups` (added) the worst groups of near-identical failures.
 */
export const GET = featureRoute("read", async ({ req, feature }) => {
  const { key } = feature;
  const q = ZWorstQuery.parse(searchParamsObject(new URL(req.url).searchParams));
  const { items, groups } = await worstReview(feature.id, q);
  const prefix = `${feature.id}:`;
  const clientIdOf = (id: string) => (id.startsWith(prefix) ? id.slice(prefix.length) : id);
  if (q.format === "csv") {
    const name = `${key}-worst-${q.view === "groups" ? "groups-" : ""}${new Date(q.from).toISOString().slice(0, 10)}.csv`;
    return new Response(q.view === "groups" ? worstGroupsCsv(groups, clientIdOf) : worstCsv(items), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${name}"`,
        "cache-control": "no-store",
      },
    });
  }
  const range = { from: new Date(q.from).toISOString(), to: new Date(q.to).toISOString() };
  return json({
    feature: key,
    ...range,
    limit: q.limit,
    items: items.map(worstItemJson),
    groups: groups.map((g) => worstGroupJson(g, clientIdOf)),
  });
});
