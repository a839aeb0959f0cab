import { DECISION_ROUTES } from "./decision-routes";
import { env } from "./env";
import { log } from "./log";
import { serveRoutes, type RouteServer } from "./node-routes";

// The lean decision listener: OFREP evaluation and the state stream on their own port, served by
// plain node:http inside the Next.js server process. It shares that process's decision snapshot,
// key cache and rate limiters (all on globalThis), so a pause or a revoked key takes effect on both
// ports at once — but it skips the framework's per-request routing, which costs several
// milliseconds here while the decision itself costs ~0.2 ms (see bench/NOTES.md).

const g = globalThis as unknown as { rollguardDecisionServer?: Promise<RouteServer | null> };

export function startDecisionServer(): Promise<RouteServer | null> {
  g.rollguardDecisionServer ??= (async () => {
    const { ROLLGUARD_DECISION_PORT: port, HOSTNAME: host } = env();
    if (port === "off") return null;
    const server = await serveRoutes(DECISION_ROUTES, {
      port,
      host: host ?? null,
      maxBodyBytes: 64 * 1024,
      onError: (e) => log.error("decision listener failed a request", { error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
    });
    // Many SDK instances keep connections open between polls: no idle cut-off shorter than theirs.
    server.server.keepAliveTimeout = 65_000;
    log.info("decision listener started", { url: server.url, paths: Object.keys(DECISION_ROUTES) });
    return server;
  })();
  return g.rollguardDecisionServer;
}
