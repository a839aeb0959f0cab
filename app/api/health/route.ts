import { pauseOverrides } from "@/lib/decision/decision-snapshot";
import { changeFeedHealth, databaseHealth, stopPathHealth } from "@/lib/data/health";
import { probeDecisionListener } from "@/lib/decision/supervisor";
import { json, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// Liveness of the stop path: the database (read, write, fault episode), the decision listener,
// the change feed, and pauses in effect from memory only. Any of them impaired → 503 "degraded",
// and `stopPath` says in words what a pause does meanwhile (stored everywhere, or memory only).
export const GET = route(async () => {
  const [database, decisionListener] = await Promise.all([databaseHealth(), probeDecisionListener()]);
  const changeFeed = changeFeedHealth();
  const pendingPauses = pauseOverrides().map((o) => o.key);
  const ok =
    database.ok && database.writable && !database.fault && decisionListener.state !== "down" && changeFeed.ok && pendingPauses.length === 0;
  const stopPath = stopPathHealth({ databaseWritable: database.ok && database.writable, listener: decisionListener.state, pendingPauses });
  return json({ status: ok ? "ok" : "degraded", stopPath, database, decisionListener, changeFeed, pendingPauses }, ok ? 200 : 503);
});
