// The PostgreSQL instances journey (e2e/postgres-instances.spec.ts): migrates and seeds
// DATABASE_URL with the demo data, shares the session secret, builds when stale (once, before
// both instances start: two builds at once would write over each other), and prints an API key.
import { ensureBuild } from "./lib/build";
import { migrateDatabase, seedIfEmpty, shareAuthSecret } from "./lib/database";

async function main() {
  ensureBuild();
  await migrateDatabase();
  await seedIfEmpty();
  await shareAuthSecret();
  const { createApiKey } = await import("../lib/data/api-keys");
  const { key } = await createApiKey({ name: "e2e", scopes: ["ingest", "evaluate", "operate", "read"], actor: "e2e" });
  console.log(key);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
