// The lean decision listener's process (started by the app's server process, see
// lib/decision/supervisor.ts, serving lib/decision/listener.ts): OFREP and the state stream on ROLLGUARD_DECISION_PORT. It exits when
// its parent goes away.
import { installChangeFeed, parentWakeTransport } from "../lib/data/change-feed";

async function main() {
  installChangeFeed(parentWakeTransport());
  const [
    { decisionSnapshot, applyPauseOverride },
    { serveDecisions },
    { env },
    { log },
    { changeFeed },
    { flagStreamStats },
    { flushDecisionCounts },
  ] = await Promise.all([
    import("../lib/data/decision-snapshot"),
    import("../lib/decision/listener"),
    import("../lib/env"),
    import("../lib/log"),
    import("../lib/data/change-feed"),
    import("../lib/data/flag-events"),
    import("../lib/data/decision-counts"),
  ]);
  const { ROLLGUARD_DECISION_PORT: port, HOSTNAME: host } = env();
  if (port === "off") return;
  await decisionSnapshot(); // loaded before the first request
  const server = await serveDecisions({ port, host: host || null });
  log.info("decision listener started", { url: server.url, pid: process.pid });
  // A pause the app could not store yet: obey it from memory, and tell this port's streams.
  process.on("message", (m: { type?: string; announce?: boolean; key?: string; reason?: string; actor?: string; at?: string }) => {
    if (m?.type !== "pause-override" || !m.key || !m.at) return;
    const o = { key: m.key, reason: m.reason ?? "", actor: m.actor ?? "", at: m.at };
    applyPauseOverride(o);
    if (m.announce)
      void changeFeed().dispatchLocal({
        id: 0,
        at: o.at,
        featureKey: o.key,
        type: "paused",
        payload: { state: "paused", reason: o.reason, actor: o.actor },
        provisional: true,
      });
  });
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
