// The server behind the Playwright suite: a fresh database under .tmp/e2e, migrated, seeded with
// the demo data, an API key for the tests, then the production build on 127.0.0.1.
import { spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { appServerCommand, buildIsFresh } from "./lib/build";
import { withPeerAddress } from "./lib/peer-address";
import { migrateDatabase, seedIfEmpty, shareAuthSecret } from "./lib/database";

const dir = path.resolve(".tmp", "e2e");
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
process.env.DATABASE_URL = `file:${path.join(dir, "rollguard.db")}`;
process.env.ROLLGUARD_DEMO = "1";
process.env.NEXT_TELEMETRY_DISABLED = "1";

async function main() {
  if (!buildIsFresh()) console.warn("serve-e2e: the production build is older than the sources (npm run test:e2e rebuilds first)");
  await migrateDatabase();
  const seeded = await seedIfEmpty();
  // the demo's "now": specs place the demo's stories from it, not from their own clock (a run that
  // crosses midnight UTC would otherwise look for the market shock a day off)
  if (seeded) writeFileSync(path.join(dir, "demo-now"), String(seeded.now));
  await shareAuthSecret();
  const { createApiKey } = await import("../lib/data/api-keys");
  const { key } = await createApiKey({ name: "e2e", scopes: ["ingest", "evaluate", "operate", "read"], actor: "e2e" });
  writeFileSync(path.join(dir, "api-key"), key);
  const port = process.env.E2E_PORT ?? "3100";
  process.env.NEXTAUTH_URL = `http://127.0.0.1:${port}`;
  process.env.AUTH_TRUST_HOST = "1";
  // the channel specs deliver to receivers on 127.0.0.1
  process.env.ROLLGUARD_ALLOW_PRIVATE_WEBHOOKS = "1";
  process.env.ROLLGUARD_DECISION_PORT = process.env.E2E_DECISION_PORT ?? String(Number(port) + 1);
  const { command, args } = appServerCommand(port, "127.0.0.1");
  const child = spawn(command, args, {
    stdio: "inherit",
    env: withPeerAddress(process.env),
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code) => process.exit(code ?? 0));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
