import { databaseHealth } from "@/lib/data/health";
import { json, route } from "@/lib/http";

export const dynamic = "force-dynamic";

export const GET = route(async () => {
  const database = await databaseHealth();
  return json({ status: database.ok ? "ok" : "degraded", database }, database.ok ? 200 : 503);
});
