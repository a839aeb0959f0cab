// The lean decision listener's process (started by the app's server process, see
// lib/decision/supervisor.ts, serving lib/decision/listener.ts): OFREP and the state stream on ROLLGUARD_DECISION_PORT. It exits when
// its parent goes away.
import { installChangeFeed, parentWakeTransport } from "../lib/data/change-feed";

async function main() {
  installChangeFeed(parentWakeTransport());
  const [{ decisionSnapshot }, { serveDecisions }, { env }, { log }] = await Promise.all([
    import("../lib/data/decision-snapshot"),
    import("../lib/decision/listener"),
    import("../lib/env"),
    import("../lib/log"),
  ]);
  const { ROLLGUARD_DECISION_PORT: port, HOSTNAME: host } = env();
  if (port === "off") return;
  await decisionSnapshot(); // loaded before the first request
  const server = await serveDecisions({ port, host: host || null });
  log.info("decision listener started", { url: server.url, pid: process.pid });
  const quit = () => void server.close().then(() => process.exit(0));
  process.on("disconnect", quit);
  process.on("SIGTERM", quit);
  process.on("SIGINT", quit);
}

main().catch((e) => {
  console.error("rollguard: the decision listener failed to start", e);
  process.exit(1);
});
