// Applies prisma/postgres/migrations to a PostgreSQL database. `prisma migrate deploy` cannot do it
// through the pg driver adapter in Prisma 6.19 (its WebAssembly schema engine fails on PostgreSQL's
// `name` column type: prisma/orm#27403), and the native engine needs a download. The files are
// the ones `prisma migrate diff` wrote; each runs in its own transaction, recorded by name and
// checksum in "_rollguard_migrations". An advisory lock lets several instances start at once:
// one migrates, the others wait and then find nothing left to do.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { POSTGRES_MIGRATIONS } from "./postgres-schema";

const LOCK_KEY = 7_316_424_201; // any constant shared by every Rollguard instance

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export function migrationFiles(dir = POSTGRES_MIGRATIONS): MigrationFile[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/** Applies the pending migrations; returns the names applied. */
export async function migratePostgres(url: string, files = migrationFiles()): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SET client_min_messages = warning");
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_rollguard_migrations" (
      "name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL, "appliedAt" TIMESTAMPTZ NOT NULL DEFAULT now())`);
    const done = new Map(
      (await client.query<{ name: string; checksum: string }>(`SELECT "name", "checksum" FROM "_rollguard_migrations"`)).rows.map((r) => [
        r.name,
        r.checksum,
      ]),
    );
    const applied: string[] = [];
    for (const file of files) {
      const recorded = done.get(file.name);
      if (recorded !== undefined) {
        if (recorded !== file.checksum) throw new Error(`migration ${file.name} was changed after it was applied to this database`);
        continue;
      }
      await client.query("BEGIN");
      try {
        await client.query(file.sql);
        await client.query(`INSERT INTO "_rollguard_migrations" ("name", "checksum") VALUES ($1, $2)`, [file.name, file.checksum]);
        await client.query("COMMIT");
      } catch (e) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${file.name} failed: ${(e as Error).message}`);
      }
      applied.push(file.name);
    }
    return applied;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}

/** Creates the URL's database when it does not exist (connecting to the server's `postgres` database). */
export async function ensurePostgresDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!name || name === "postgres") return;
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!rowCount)
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((e: { code?: string }) => {
        if (e.code !== "42P04") throw e; // created meanwhile by another instance
      });
  } finally {
    await client.end();
  }
}
