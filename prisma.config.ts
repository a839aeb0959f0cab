import { mkdirSync } from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";

// The CLI reads no .env when this file exists: DATABASE_URL comes from the environment. A
// postgresql:// URL selects the PostgreSQL schema and migrations (prisma/postgres/, generated from
// prisma/schema.prisma), anything else is a SQLite file.
const url = process.env.DATABASE_URL ?? "file:./data/rollguard.db";
const postgres = /^postgres(ql)?:\/\//.test(url);
if (url.startsWith("file:")) mkdirSync(path.dirname(url.slice("file:".length)), { recursive: true });

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: postgres ? path.join("prisma", "postgres", "schema.prisma") : path.join("prisma", "schema.prisma"),
  migrations: { path: postgres ? path.join("prisma", "postgres", "migrations") : path.join("prisma", "migrations") },
  adapter: async () => (postgres ? new PrismaPg({ connectionString: url }) : new PrismaBetterSQLite3({ url })),
});
