import { log } from "../log";
import { serveRoutes, type RouteServer } from "./node-routes";
import { DECISION_ROUTES } from "./routes";

// The lean decision listener: OFREP evaluation and the state stream on their own port, served by
// plain node:http in a process of its own (scripts/decision-server.ts), started and watched by the
// app's server process (./supervisor.ts). Why a process: the decision itself costs ~0.2 ms, but in the app's process
// it waits behind the framework's per-request routing (several ms here) and behind every
// synchronous ingest transaction (tens of ms per batch) on the same event loop.
//
// It is one more instance in the change-feed design: its own snapshot and key cache, fed by the
// StateChange table; the app sends it each change over IPC right after dispatching it (so a pause
// or a revoked key reaches it within milliseconds), and its own poll catches the rest — each change
// applied once, by its id, whichever brings it first.

export interface DecisionListenerOptions {
  port: number;
  host: string | null;
}

/** In the listener's process: serve the decision routes (the change feed is already installed). */
export async function serveDecisions(options: DecisionListenerOptions): Promise<RouteServer> {
  const server = await serveRoutes(DECISION_ROUTES, {
    port: options.port,
    host: options.host,
    maxBodyBytes: 64 * 1024,
    lite: true,
    onError: (e) => log.error("decision listener failed a request", { error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
  });
  // SDKs keep connections open between polls: no idle cut-off shorter than theirs.
  server.server.keepAliveTimeout = 65_000;
  return server;
}
