import { MINUTE_MS } from "../domain/buckets";
import { listFeatures } from "./features";
import { featureMetrics } from "./metrics";

const DAY_MS = 1440 * MINUTE_MS;

/** Every feature with its state, current phase and last-24h figures. */
export async function featureOverview(now = Date.now()) {
  const features = await listFeatures();
  return Promise.all(
    features.map(async (f) => {
      const m = await featureMetrics(f.id, { from: now - DAY_MS, to: now, interval: "hour" });
      return { feature: f, totals: m.totals, points: m.points };
    }),
  );
}
