import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { changeFeed } from "./data/change-feed";
import { recordListenerStreamStats } from "./data/proof";
import { DECISION_ROUTES } from "./decision-routes";
import { env } from "./env";
import { log } from "./log";
import { serveRoutes, type RouteServer } from "./node-routes";

// The lean decision listener: OFREP evaluation and the state stream on their own port, served by
// plain node:http in a process of its own (scripts/decision-server.ts), started and watched by the
// app's server process. Why a process: the decision itself costs ~0.2 ms, but in the app's process
// it waits behind the framework's per-request routing (several ms here) and behind every
// synchronous ingest transaction (tens of ms per batch) on the same event loop.
//
// It is one more instance in the change-feed design: its own snapshot and key cache, fed by the
// StateChange table; the app wakes it over IPC right after dispatching each change (so a pause or
// a revoked key reaches it within milliseconds), and its own poll catches the rest.

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

const g = globalThis as unknown as { rollguardDecisionProcess?: { child: ChildProcess | null; stopping: boolean } };

/**
 * In the app's process: start the listener's process when ROLLGUARD_DECISION_PORT is set, wake it
 * after every change, restart it if it dies. Returns a function that stops it.
 */
export function startDecisionProcess(options: { port?: number | "off"; host?: string | null; cwd?: string; env?: NodeJS.ProcessEnv } = {}): () => void {
  const port = options.port ?? env().ROLLGUARD_DECISION_PORT;
  if (port === "off" || g.rollguardDecisionProcess) return () => {};
  const state: { child: ChildProcess | null; stopping: boolean } = { child: null, stopping: false };
  g.rollguardDecisionProcess = state;
  const cwd = options.cwd ?? process.cwd();
  const host = options.host === undefined ? (env().HOSTNAME ?? null) : options.host;
  const launch = () => {
    // The production build's bundle under plain node; else the source with tsx's loader (not the
    // tsx command: that adds a wrapper process of ~45 MB).
    const bundle = path.join(cwd, ".next", "rollguard", "decision-server.mjs");
    const args = env().NODE_ENV === "production" && existsSync(bundle) ? [bundle] : ["--import", "tsx", path.join(cwd, "scripts", "decision-server.ts")];
    const child = spawn(process.execPath, args, {
      cwd,
      env: { ...process.env, ...options.env, ROLLGUARD_DECISION_PORT: String(port), HOSTNAME: host ?? "" },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    state.child = child;
    child.on("message", (m: { type?: string; stats?: Parameters<typeof recordListenerStreamStats>[0] }) => {
      if (m?.type === "flag-stream-stats" && m.stats) recordListenerStreamStats(m.stats);
    });
    child.on("error", (e) => log.error("decision listener could not start", { error: String(e) }));
    child.on("exit", (code, signal) => {
      state.child = null;
      // exit 0: it was told to stop (a signal it handles, or its parent leaving) — not a crash
      if (state.stopping || code === 0) return;
      log.error("decision listener exited; restarting in 1 s", { code, signal });
      setTimeout(() => state.stopping || launch(), 1000).unref?.();
    });
  };
  launch();
  const unsubscribe = changeFeed().subscribe(() => {
    if (state.child?.connected) state.child.send("wake", () => {});
  });
  void changeFeed().start();
  const stop = () => {
    state.stopping = true;
    unsubscribe();
    state.child?.kill("SIGTERM");
    delete g.rollguardDecisionProcess;
  };
  process.once("exit", stop);
  return stop;
}
