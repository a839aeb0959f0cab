import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { changeFeed } from "../data/change-feed";
import { env } from "../env";
import { log } from "../log";

// The decision listener's supervisor, in the app's server process: it starts the listener's own
// process (scripts/decision-server.ts, which serves ./listener.ts), wakes it over IPC after every
// change and restarts it if it dies.

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
