import Database from "better-sqlite3";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { migratePostgres } from "../scripts/lib/pg-migrate";
import {
  POSTGRES_MIGRATIONS,
  POSTGRES_SCHEMA,
  postgresSchemaFromFile,
  SQLITE_MIGRATIONS,
  SQLITE_SCHEMA,
} from "../scripts/lib/postgres-schema";
import { withDatabase } from "./testing/global-setup";

// Both engines' migrations describe the same models. Each side is checked against the models of
// prisma/schema.prisma by migrating a real empty database and reading its catalogue back: a
// migration written for one engine only (or a hand edit of one schema) fails here.

type Shape = Record<string, { columns: string[]; required: string[]; primaryKey: string[]; indexes: string[] }>;

/** Tables, columns, NOT NULL columns, primary key and indexes (as column lists) of the Prisma models. */
function modelShape(schema: string): Shape {
  const shape: Shape = {};
  const models = [...schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)];
  const names = new Set(models.map((m) => m[1]));
  for (const [, name, body] of models) {
    const columns: string[] = [];
    const required: string[] = [];
    let primaryKey: string[] = [];
    const indexes: string[] = [];
    for (const raw of body.split("\n")) {
      const line = raw.replace(/\/\/.*$/, "").trim();
      const block = line.match(/^@@(id|unique|index)\(\[([^\]]+)\]/);
      if (block) {
        const cols = block[2].split(",").map((c) => c.trim());
        if (block[1] === "id") primaryKey = cols;
        else indexes.push(`${block[1] === "unique" ? "unique " : ""}${cols.join(",")}`);
        continue;
      }
      const field = line.match(/^(\w+)\s+(\w+)(\??|\[\])/);
      if (!field || names.has(field[2])) continue; // relation fields are not columns
      columns.push(field[1]);
      if (field[3] !== "?") required.push(field[1]);
      if (/@id\b/.test(line)) primaryKey = [field[1]];
      if (/@unique\b/.test(line)) indexes.push(`unique ${field[1]}`);
    }
    shape[name] = { columns: columns.sort(), required: required.sort(), primaryKey, indexes: indexes.sort() };
  }
  return shape;
}

function sqliteShape(file: string): Shape {
  const conn = new Database(file, { readonly: true });
  const shape: Shape = {};
  const tables = conn
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_%' ESCAPE '\\'`)
    .all() as { name: string }[];
  for (const { name } of tables) {
    const info = conn.prepare(`PRAGMA table_info("${name}")`).all() as { name: string; notnull: number; pk: number }[];
    const indexes = (conn.prepare(`PRAGMA index_list("${name}")`).all() as { name: string; unique: number; origin: string }[])
      .filter((i) => i.origin !== "pk")
      .map((i) => {
        const cols = (conn.prepare(`PRAGMA index_info("${i.name}")`).all() as { name: string }[]).map((c) => c.name);
        return `${i.unique ? "unique " : ""}${cols.join(",")}`;
      });
    shape[name] = {
      columns: info.map((c) => c.name).sort(),
      // SQLite reports an INTEGER PRIMARY KEY as nullable: the key is required by being the key
      required: info
        .filter((c) => c.notnull === 1 || c.pk > 0)
        .map((c) => c.name)
        .sort(),
      primaryKey: info
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name),
      indexes: indexes.sort(),
    };
  }
  conn.close();
  return shape;
}

async function postgresShape(url: string): Promise<Shape> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const shape: Shape = {};
    const { rows: cols } = await client.query<{ table_name: string; column_name: string; is_nullable: string }>(
      `SELECT table_name, column_name, is_nullable FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name NOT LIKE '\\_%' ORDER BY table_name, ordinal_position`,
    );
    for (const c of cols) {
      const t = (shape[c.table_name] ??= { columns: [], required: [], primaryKey: [], indexes: [] });
      t.columns.push(c.column_name);
      if (c.is_nullable === "NO") t.required.push(c.column_name);
    }
    const { rows: idx } = await client.query<{ table: string; primary: boolean; unique: boolean; cols: string[] }>(
      `SELECT t.relname AS "table", i.indisprimary AS "primary", i.indisunique AS "unique",
              array(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY k(n, o)
                    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.n ORDER BY k.o)::text[] AS "cols"
       FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace s ON s.oid = t.relnamespace
       WHERE s.nspname = 'public' AND t.relname NOT LIKE '\\_%'`,
    );
    for (const i of idx) {
      const t = shape[i.table];
      if (!t) continue;
      if (i.primary) t.primaryKey = i.cols;
      else t.indexes.push(`${i.unique ? "unique " : ""}${i.cols.join(",")}`);
    }
    for (const t of Object.values(shape)) {
      t.columns.sort();
      t.required.sort();
      t.indexes.sort();
    }
    return shape;
  } finally {
    await client.end();
  }
}

const migrationNames = (dir: string) =>
  readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

describe("the two engines' schemas and migrations", () => {
  it("prisma/postgres/schema.prisma is prisma/schema.prisma for PostgreSQL (regenerate it with npm run db:migration)", () => {
    expect(readFileSync(POSTGRES_SCHEMA, "utf8")).toBe(postgresSchemaFromFile());
  });

  it("every migration after the PostgreSQL baseline exists for both engines", () => {
    const pgNames = migrationNames(POSTGRES_MIGRATIONS);
    const baseline = pgNames[0];
    const sqliteAfter = migrationNames(SQLITE_MIGRATIONS).filter((n) => n > baseline);
    expect(pgNames.slice(1)).toEqual(sqliteAfter);
  });

  it("SQLite migrations build exactly the models' tables, columns, keys and indexes", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "rg-drift-")), "empty.db");
    execFileSync(path.join("node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
      env: { ...process.env, DATABASE_URL: `file:${file}`, CHECKPOINT_DISABLE: "1" },
      stdio: ["ignore", "ignore", "inherit"],
    });
    expect(sqliteShape(file)).toEqual(modelShape(readFileSync(SQLITE_SCHEMA, "utf8")));
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)("PostgreSQL migrations build exactly the same tables, columns, keys and indexes", async () => {
    const server = process.env.TEST_DATABASE_URL!;
    const name = `rg_drift_${process.pid}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
    await admin.query(`CREATE DATABASE "${name}"`);
    try {
      await migratePostgres(withDatabase(server, name));
      expect(await postgresShape(withDatabase(server, name))).toEqual(modelShape(readFileSync(SQLITE_SCHEMA, "utf8")));
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  });
});
