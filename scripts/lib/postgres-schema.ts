// The PostgreSQL schema is not edited by hand: it is prisma/schema.prisma with the PostgreSQL
// datasource and its own generated client, so that both engines always describe the same models.
// `npm run db:migration -- <name>` rewrites it; lib/db-schemas.test.ts fails when it is stale.
import { readFileSync } from "node:fs";
import path from "node:path";

export const SQLITE_SCHEMA = path.join("prisma", "schema.prisma");
export const POSTGRES_SCHEMA = path.join("prisma", "postgres", "schema.prisma");
export const SQLITE_MIGRATIONS = path.join("prisma", "migrations");
export const POSTGRES_MIGRATIONS = path.join("prisma", "postgres", "migrations");

const HEADER =
  "// GENERATED from prisma/schema.prisma by scripts/lib/postgres-schema.ts: edit that file, then\n// `npm run db:migration -- <name>` (it writes both engines' migrations and this file).\n\n";

export function postgresSchema(sqliteSchema: string): string {
  const replaced = sqliteSchema
    .replace(/output(\s*)= "\.\.\/generated\/prisma"/, 'output$1= "../../generated/prisma-pg"')
    .replace(/provider = "sqlite"/, 'provider = "postgresql"')
    .replace(
      /url(\s*)= "file:\.\/dev\.db"[^\n]*/,
      'url$1= "postgresql://localhost/rollguard" // a literal url keeps the CLI offline; the adapter\'s url (DATABASE_URL) is what is used',
    );
  if (replaced === sqliteSchema || !replaced.includes('provider = "postgresql"') || !replaced.includes("generated/prisma-pg")) {
    throw new Error("prisma/schema.prisma no longer has the generator output, provider and url lines this script rewrites");
  }
  return HEADER + replaced;
}

export function postgresSchemaFromFile(): string {
  return postgresSchema(readFileSync(SQLITE_SCHEMA, "utf8"));
}
