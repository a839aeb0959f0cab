// The lean decision listener's process (started by the app's server process, see
// lib/decision/supervisor.ts, serving lib/decision/listener.ts): OFREP and the state stream on ROLLGUARD_DECISION_PORT. It exits when
// its parent goes away.
import { installChangeFeed, parentMessageTransport } from "../lib/data/change-feed";
import { env as readEnv } from "../lib/env";

async function main() {
  // every change the app's process dispatches arrives as one message, applied once by its id
  installChangeFeed(parentMessageTransport(readEnv().ROLLGUARD_CHANGE_POLL_MS));
  const [{ decisionSnapshot }, { serveDecisions }, { env }, { log }, { flagStreamStats }, { flushDecisionCounts }] = await Promise.all([
    import("../lib/decision/decision-snapshot"),
    import("../lib/decision/listener"),
    import("../lib/env"),
    import("../lib/log"),
    import("../lib/decision/flag-events"),
    import("../lib/decision/decision-counts"),
  ]);
  const { ROLLGUARD_DECISION_PORT: port, HOSTNAME: host } = env();
  if (port === "off") return;
  await decisionSnapshot(); // loaded before the first request
  const server = await serveDecisions({ port, host: host || null });
  log.info("decision listener started", { url: server.url, pid: process.pid });
  process.send?.("serving");
  // the proof panel's live stream figures, to the app's process
  setInterval(() => process.connected && process.send?.({ type: "flag-stream-stats", stats: flagStreamStats() }, () => {}), 1000).unref();
  const quit = () =>
    void server
      .close()
      .then(flushDecisionCounts)
      .then(() => process.exit(0));
  process.on("disconnect", quit);
  process.on("SIGTERM", quit);
  process.on("SIGINT", quit);
}

main().catch((e) => {
  console.error("rollguard: the decision listener failed to start", e);
  process.exit(1);
});
