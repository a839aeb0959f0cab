import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { migratePostgres } from "../../scripts/lib/pg-migrate";

// Migrates one template database per test run (unique per run, so that two runs side by side do
// not rebuild each other's template); every test file starts from a copy of it. With
// TEST_DATABASE_URL (a postgresql:// URL of a server the tests may create databases on), the
// template and the copies are PostgreSQL databases (CREATE DATABASE ... TEMPLATE), dropped at the end.
export default async function setup() {
  const server = process.env.TEST_DATABASE_URL;
  if (server) {
    const template = `rg_tpl_${process.pid}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${template}"`);
    await admin.query(`CREATE DATABASE "${template}"`);
    await admin.end();
    await migratePostgres(withDatabase(server, template));
    process.env.ROLLGUARD_TEST_PG_TEMPLATE = template;
    return async () => {
      const client = new pg.Client({ connectionString: server });
      await client.connect();
      const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`, [
        `rg_t_${process.pid}_%`,
        template,
      ]);
      for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      await client.end();
    };
  }
  const template = path.resolve(".tmp", "test-dbs", `template-${process.pid}.db`);
  mkdirSync(path.dirname(template), { recursive: true });
  execFileSync(path.join("node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${template}`, CHECKPOINT_DISABLE: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  process.env.ROLLGUARD_TEST_TEMPLATE = template;
  return () => {
    for (const suffix of ["", "-wal", "-shm"]) rmSync(template + suffix, { force: true });
  };
}

/** The same server URL with another database name. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
