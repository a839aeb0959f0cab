// npm run db:migration -- <name>: writes prisma/migrations/<timestamp>_<name>/migration.sql from
// the difference between the committed schema (HEAD) and the working prisma/schema.prisma, and the
// same step for PostgreSQL: prisma/postgres/schema.prisma (derived from prisma/schema.prisma) and
// prisma/postgres/migrations/<timestamp>_<name>/migration.sql. Both engines move together; the
// schema drift test (lib/db-schemas.test.ts) fails when they do not.
// (`prisma migrate dev` needs a shadow database that the WebAssembly engine cannot provide.)
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  POSTGRES_MIGRATIONS,
  POSTGRES_SCHEMA,
  postgresSchema,
  postgresSchemaFromFile,
  SQLITE_MIGRATIONS,
  SQLITE_SCHEMA,
} from "./lib/postgres-schema";

const name = process.argv[2]?.replace(/[^a-z0-9_]+/gi, "_");
if (!name) {
  console.error("usage: npm run db:migration -- <name>");
  process.exit(2);
}

function diff(migrations: string, previousSchema: string | null, schema: string): string {
  let from = ["--from-empty"];
  const hasMigrations = readdirSync(migrations, { withFileTypes: true }).some((d) => d.isDirectory());
  if (hasMigrations && previousSchema !== null) {
    const previous = path.join(mkdtempSync(path.join(tmpdir(), "rg-schema-")), "schema.prisma");
    writeFileSync(previous, previousSchema);
    from = ["--from-schema-datamodel", previous];
  }
  return execFileSync("npx", ["prisma", "migrate", "diff", ...from, "--to-schema-datamodel", schema, "--script"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
}

const headSchema = execFileSync("git", ["show", `HEAD:${SQLITE_SCHEMA}`], { encoding: "utf8" });
const sql = diff(SQLITE_MIGRATIONS, headSchema, SQLITE_SCHEMA);
if (!sql.trim() || /empty migration/i.test(sql)) {
  console.error("The schema has not changed since HEAD: no migration written.");
  process.exit(1);
}
writeFileSync(POSTGRES_SCHEMA, postgresSchemaFromFile());
const pgSql = diff(POSTGRES_MIGRATIONS, postgresSchema(headSchema), POSTGRES_SCHEMA);

const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
for (const [dir, text] of [
  [path.join(SQLITE_MIGRATIONS, `${stamp}_${name}`), sql],
  [path.join(POSTGRES_MIGRATIONS, `${stamp}_${name}`), pgSql],
] as const) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "migration.sql"), text);
  console.log(`wrote ${dir}/migration.sql`);
}
console.log(`wrote ${POSTGRES_SCHEMA}; data backfills in the SQLite migration need their PostgreSQL twin by hand`);
execFileSync("npx", ["prisma", "generate", "--schema", POSTGRES_SCHEMA], { stdio: ["ignore", "ignore", "inherit"] });
