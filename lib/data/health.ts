import { db } from "../db";

export async function databaseHealth(): Promise<{ ok: boolean; latencyMs: number; error?: string }> {
  const started = performance.now();
  try {
    await db.$queryRaw`SELECT 1`;
    await db.feature.count();
    return { ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (e) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: e instanceof Error ? e.message.split("\n")[0] : "unknown" };
  }
}
