// npm start: migrate (and on an empty database, seed the demo data), build when stale, then
// serve the production build. PORT, HOSTNAME and DATABASE_URL are honoured.
import { spawn } from "node:child_process";
import { appServerCommand, ensureBuild } from "./lib/build";
import { withPeerAddress } from "./lib/peer-address";
import { isDatabaseOutage, migrateDatabase, seedIfEmpty, shareAuthSecret } from "./lib/database";

async function main() {
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  let seeded: Awaited<ReturnType<typeof seedIfEmpty>> = null;
  try {
    await migrateDatabase();
    seeded = await seedIfEmpty();
    await shareAuthSecret();
  } catch (e) {
    // PostgreSQL away (an outage, a restart during one): serve anyway. The decision API answers
    // from the snapshot saved on this machine, pauses not stored before are in effect again, and
    // writes answer 503 until the database is back; migrations run at the next start.
    if (!(await isDatabaseOutage(e))) throw e;
    console.error(
      `rollguard: the database does not answer (${String(e).split("\n")[0]}); starting anyway from this machine's saved state — writes answer 503 until it is back`,
    );
    await shareAuthSecret().catch(() => undefined);
  }
  if (seeded) console.log(`rollguard: demo data created (${seeded.events} events in ${seeded.seconds.toFixed(1)} s)`);
  ensureBuild();
  const port = process.env.PORT ?? "3000";
  // The lean decision listener (OFREP + state stream) on the next port, unless set or "off".
  process.env.ROLLGUARD_DECISION_PORT ??= String(Number(port) + 1);
  // Sessions: trust the Host header for redirects unless NEXTAUTH_URL pins the public URL.
  process.env.AUTH_TRUST_HOST ??= "1";
  process.env.NEXTAUTH_URL ??= `http://localhost:${port}`;
  const { isDemoDatabase } = await import("../lib/data/settings");
  if (await isDemoDatabase().catch(() => false)) {
    const { DEMO_USERS, DEMO_PASSWORD } = await import("../lib/demo/seed");
    console.log("rollguard: DEMO DATA — demo-only accounts (password " + DEMO_PASSWORD + "):");
    for (const u of DEMO_USERS) console.log(`  ${u.role.padEnd(9)} ${u.email}`);
  }
  const host = process.env.HOSTNAME ?? "localhost";
  console.log(`rollguard: serving on http://${host}:${port}`);
  if (process.env.ROLLGUARD_DECISION_PORT !== "off") {
    console.log(
      `rollguard: decision API (OFREP, state stream) also on http://${host}:${process.env.ROLLGUARD_DECISION_PORT} — the fast lane for products`,
    );
  }
  const { command, args } = appServerCommand(port, process.env.HOSTNAME || undefined);
  const child = spawn(command, args, { stdio: "inherit", env: withPeerAddress(process.env) });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
