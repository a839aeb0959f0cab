import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";

export const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//.test(url);

/**
 * Applies the committed migrations to DATABASE_URL: on SQLite `prisma migrate deploy` through the
 * WebAssembly engine (offline); on PostgreSQL our runner of prisma/postgres/migrations (the
 * database is created first when the server has none of that name).
 */
export async function migrateDatabase(): Promise<void> {
  const url = process.env.DATABASE_URL ?? "file:./data/rollguard.db";
  if (isPostgresUrl(url)) {
    const { ensurePostgresDatabase, migratePostgres } = await import("./pg-migrate");
    await ensurePostgresDatabase(url);
    await migratePostgres(url);
    await completeBackfills();
    return;
  }
  if (url.startsWith("file:")) mkdirSync(path.dirname(url.slice("file:".length)), { recursive: true });
  execFileSync(path.join("node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
  await completeBackfills();
}

/** Backfills a migration asked for that SQL cannot compute (they run once, then clear their marker). */
async function completeBackfills(): Promise<void> {
  const { completeWorstCandidatesBackfill } = await import("../../lib/data/worst-candidates-rebuild");
  const started = performance.now();
  const rows = await completeWorstCandidatesBackfill();
  if (rows !== null)
    console.log(`rollguard: weekly review candidates backfilled (${rows} rows in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

/** Seeds the demo data when the database has no feature yet and demo data is wanted. */
export async function seedIfEmpty(): Promise<{ events: number; seconds: number; now: number } | null> {
  if (process.env.ROLLGUARD_DEMO === "0") return null;
  const { db } = await import("../../lib/db");
  if ((await db.feature.count()) > 0) return null;
  const { seedDemo } = await import("../../lib/demo/seed");
  const started = performance.now();
  const { events, now } = await seedDemo();
  return { events, seconds: (performance.now() - started) / 1000, now };
}
/**
 * Several instances on one PostgreSQL database must sign and read the same session cookies: unless
 * NEXTAUTH_SECRET is set, the first instance generates a secret and keeps it in the database's
 * Setting table, and every instance uses that one (on SQLite the secret stays in the data folder).
 */
export async function shareAuthSecret(): Promise<void> {
  const url = process.env.DATABASE_URL ?? "";
  if (!isPostgresUrl(url) || process.env.NEXTAUTH_SECRET) return;
  const { randomBytes } = await import("node:crypto");
  const { db } = await import("../../lib/db");
  const { readLocalState, writeLocalState } = await import("../../lib/data/local-state");
  try {
    // two instances starting at once may both try to create it: the primary key keeps the first
    await db.setting.create({ data: { key: "auth_secret", value: randomBytes(32).toString("base64url") } }).catch(() => undefined);
    const row = await db.setting.findUniqueOrThrow({ where: { key: "auth_secret" } });
    process.env.NEXTAUTH_SECRET = row.value;
    // kept on this machine too, so a start while the database is away keeps sessions valid
    writeLocalState("shared-auth-secret.json", { value: row.value });
  } catch (e) {
    const saved = readLocalState<{ value?: string }>("shared-auth-secret.json")?.value;
    if (!saved) throw e;
    process.env.NEXTAUTH_SECRET = saved;
  }
}

/**
 * True when an error at start-up says that the PostgreSQL server cannot be reached or is not
 * ready (an outage): the instance then starts anyway and serves from its local fail-safe state.
 */
export async function isDatabaseOutage(e: unknown): Promise<boolean> {
  if (!isPostgresUrl(process.env.DATABASE_URL ?? "")) return false;
  const { faultKind } = await import("../../lib/db-faults");
  return faultKind(e) === "database_unavailable";
}
