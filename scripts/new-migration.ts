// npm run db:migration -- <name>: writes prisma/migrations/<timestamp>_<name>/migration.sql from
// the difference between the committed schema (HEAD) and the working prisma/schema.prisma.
// (`prisma migrate dev` needs a shadow database that the WebAssembly engine cannot provide.)
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const name = process.argv[2]?.replace(/[^a-z0-9_]+/gi, "_");
if (!name) {
  console.error("usage: npm run db:migration -- <name>");
  process.exit(2);
}
const migrations = path.join("prisma", "migrations");
const hasMigrations = readdirSync(migrations, { withFileTypes: true }).some((d) => d.isDirectory());
let from = ["--from-empty"];
if (hasMigrations) {
  const previous = path.join(mkdtempSync(path.join(tmpdir(), "rg-schema-")), "schema.prisma");
  writeFileSync(previous, execFileSync("git", ["show", "HEAD:prisma/schema.prisma"]));
  from = ["--from-schema-datamodel", previous];
}
const sql = execFileSync(
  "npx",
  ["prisma", "migrate", "diff", ...from, "--to-schema-datamodel", path.join("prisma", "schema.prisma"), "--script"],
  { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
);
if (!sql.trim() || /empty migration/i.test(sql)) {
  console.error("The schema has not changed since HEAD: no migration written.");
  process.exit(1);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join(migrations, `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "migration.sql"), sql);
console.log(`wrote ${dir}/migration.sql`);
