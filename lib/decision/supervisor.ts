import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { changeFeed, type ChangeFeed, type ChangeMessage } from "../data/change-feed";
import { pauseOverrides, provisionalPause } from "./decision-snapshot";
import { recordListenerStreamStats } from "../read/proof";
import { env } from "../env";
import { log } from "../log";

// The decision listener's supervisor, in the app's server process: it starts the listener's own
// process (scripts/decision-server.ts, which serves ./listener.ts), sends it every change this
// process's feed dispatches — one IPC message each, stored or provisional (a pause held only in
// memory) — and restarts it after any exit the app did not ask for. It also probes it (its /api/health, every PROBE_EVERY_MS): a listener that stops
// answering — hung, stopped (SIGSTOP), stuck in a loop — is killed after PROBE_FAILURES missed
// answers and replaced, within 5 s of the hang.

/** What the app knows of its decision listener (for /api/health). */
export interface ListenerStatus {
  port: number;
  pid: number | null;
  /** the listener's process said it serves (after a start or restart) */
  serving: boolean;
  startedAt: string | null;
  restarts: number;
  lastExit: { at: string; code: number | null; signal: string | null } | null;
  /** times it was killed because it stopped answering its liveness probe */
  hangs: number;
}

interface ProcessState extends ListenerStatus {
  host: string | null;
  child: ChildProcess | null;
  stopping: boolean;
}

const g = globalThis as unknown as { rollguardDecisionProcess?: ProcessState };

/** The supervised listener's status in this process, or null when there is none (port off). */
export function decisionListenerStatus(): ListenerStatus | null {
  const s = g.rollguardDecisionProcess;
  if (!s) return null;
  const { port, pid, serving, startedAt, restarts, lastExit, hangs } = s;
  return { port, pid, serving, startedAt, restarts, lastExit, hangs };
}

/**
 * The listener as a product sees it: "off" (not configured in this process), "serving" (its
 * /api/health answered within 500 ms) or "down" (exited and not back yet, or not answering).
 */
export async function probeDecisionListener(): Promise<(ListenerStatus & { state: "serving" | "down" }) | { state: "off" }> {
  const s = g.rollguardDecisionProcess;
  const status = decisionListenerStatus();
  if (!s || !status) return { state: "off" };
  const answered = await answers(s, 1000);
  return { ...status, state: answered ? "serving" : "down" };
}

const probeHost = (s: ProcessState) =>
  !s.host || s.host === "0.0.0.0" || s.host === "::" ? "127.0.0.1" : s.host.includes(":") ? `[${s.host}]` : s.host;

/** True when the listener's /api/health answers 200 within `timeoutMs`. */
const answers = (s: ProcessState, timeoutMs: number) =>
  fetch(`http://${probeHost(s)}:${s.port}/api/health`, { signal: AbortSignal.timeout(timeoutMs) }).then(
    async (r) => {
      await r.body?.cancel().catch(() => undefined);
      return r.ok;
    },
    () => false,
  );

/** Liveness: probed this often once it serves; killed after this many missed answers in a row. */
export const PROBE_EVERY_MS = 500;
const PROBE_TIMEOUT_MS = 1000;
const PROBE_FAILURES = 2;
/** …and silent at least this long (doubled after a kill within the last minute). */
const HANG_AFTER_MS = 2500;
/** A listener that has not said it serves this long after its start is hung at start-up. */
const START_DEADLINE_MS = 20_000;

/** Restart delays: quick after the first exit, slower while it keeps dying right after start. */
const RESTART_MS = [100, 200, 1000, 2000, 5000];

/**
 * In the app's process: start the listener's process when ROLLGUARD_DECISION_PORT is set, wake it
 * after every change, restart it if it dies. Returns a function that stops it.
 */
export function startDecisionProcess(
  options: { port?: number | "off"; host?: string | null; cwd?: string; env?: Record<string, string>; bundle?: string } = {},
): () => void {
  const port = options.port ?? env().ROLLGUARD_DECISION_PORT;
  if (port === "off" || g.rollguardDecisionProcess) return () => {};
  const host = options.host === undefined ? (env().HOSTNAME ?? null) : options.host;
  const state: ProcessState = {
    host,
    child: null,
    stopping: false,
    port,
    pid: null,
    serving: false,
    startedAt: null,
    restarts: 0,
    lastExit: null,
    hangs: 0,
  };
  g.rollguardDecisionProcess = state;
  let quickExits = 0;
  let killedAsHung = false;
  const cwd = options.cwd ?? process.cwd();
  const launch = () => {
    // The production build's bundle under plain node; else the source with tsx's loader (not the
    // tsx command: that adds a wrapper process of ~45 MB).
    const bundle = path.join(cwd, ".next", "rollguard", "decision-server.mjs");
    const args = options.bundle
      ? [options.bundle]
      : env().NODE_ENV === "production" && existsSync(bundle)
        ? [bundle]
        : ["--import", "tsx", path.join(cwd, "scripts", "decision-server.ts")];
    const child = spawn(process.execPath, args, {
      cwd,
      env: {
        ...process.env,
        ...options.env,
        ROLLGUARD_DECISION_PORT: String(port),
        HOSTNAME: host ?? "",
        ROLLGUARD_PROCESS_ROLE: "listener",
      },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    state.child = child;
    state.pid = child.pid ?? null;
    state.serving = false;
    const started = Date.now();
    state.startedAt = new Date(started).toISOString();
    child.on("message", (m: unknown) => {
      const msg = m as { type?: string; stats?: Parameters<typeof recordListenerStreamStats>[0] };
      // the proof panel's live stream figures from the listener's process
      if (msg?.type === "flag-stream-stats" && msg.stats) return void recordListenerStreamStats(msg.stats);
      if (m !== "serving") return;
      state.serving = true;
      // pauses in effect from memory only (not stored): a restarted listener must obey them too
      for (const o of pauseOverrides()) child.send({ type: "change", change: provisionalPause(o) } satisfies ChangeMessage, () => {});
    });
    child.on("error", (e) => log.error("decision listener could not start", { error: String(e) }));
    child.on("exit", (code, signal) => {
      if (state.child === child) {
        state.child = null;
        state.pid = null;
        state.serving = false;
      }
      state.lastExit = { at: new Date().toISOString(), code, signal };
      // Only an exit the app asked for is not restarted: code 0 (SIGTERM handled, a disconnect)
      // stops the fast lane just as much as a crash does.
      if (state.stopping) return;
      // a hung listener that was killed is replaced at once (the hang was not a start-up crash loop)
      quickExits = killedAsHung ? 0 : Date.now() - started < 10_000 ? quickExits + 1 : 0;
      killedAsHung = false;
      const delay = RESTART_MS[Math.min(quickExits, RESTART_MS.length - 1)];
      log.error(`decision listener exited; restarting in ${delay} ms`, { code, signal });
      setTimeout(() => {
        if (state.stopping) return;
        state.restarts++;
        launch();
      }, delay).unref?.();
    });
  };
  launch();
  // Liveness: a child that is alive but does not answer (SIGSTOP, a busy loop) never exits by itself.
  // Killed after PROBE_FAILURES missed answers in a row and no answer for `tolerance` ms (measured
  // from its last answer, or from when it said it serves); a kill that follows another within a
  // minute doubles the tolerance (up to 20 s), so that a machine too loaded to answer in time gets
  // a slow listener rather than one restarted over and over.
  let missed = 0;
  let probing = false;
  let lastAnswerAt = 0;
  let tolerance = HANG_AFTER_MS;
  let lastHangAt = 0;
  const probe = setInterval(() => {
    const child = state.child;
    if (probing || state.stopping || !child || killedAsHung) return;
    if (!state.serving) {
      lastAnswerAt = Date.now();
      if (state.startedAt && Date.now() - Date.parse(state.startedAt) > START_DEADLINE_MS) kill(child, "did not start serving");
      return;
    }
    probing = true;
    void answers(state, PROBE_TIMEOUT_MS)
      .then((ok) => {
        if (state.child !== child) return;
        missed = ok ? 0 : missed + 1;
        if (ok) lastAnswerAt = Date.now();
        const silentMs = Date.now() - lastAnswerAt;
        if (missed >= PROBE_FAILURES && silentMs >= tolerance) kill(child, `no answer for ${silentMs} ms (${missed} probes missed)`);
      })
      .finally(() => {
        probing = false;
      });
  }, PROBE_EVERY_MS);
  probe.unref?.();
  const kill = (child: ChildProcess, why: string) => {
    tolerance = Date.now() - lastHangAt < 60_000 ? Math.min(tolerance * 2, 20_000) : HANG_AFTER_MS;
    lastHangAt = Date.now();
    missed = 0;
    killedAsHung = true;
    state.hangs++;
    state.serving = false;
    log.error(`decision listener hung (${why}); replacing it`, { pid: child.pid });
    child.kill("SIGKILL"); // SIGKILL ends a stopped process too
  };
  const unsubscribe = forwardChanges(changeFeed(), () => state.child);
  void changeFeed().start();
  const stop = () => {
    state.stopping = true;
    clearInterval(probe);
    unsubscribe();
    state.child?.kill("SIGTERM");
    delete g.rollguardDecisionProcess;
  };
  process.once("exit", stop);
  return stop;
}

/**
 * Sends every change `feed` dispatches to the listener's process, one message each (the change
 * itself, with the id of the one before it); returns the unsubscribe.
 */
export function forwardChanges(feed: ChangeFeed, child: () => Pick<ChildProcess, "connected" | "send"> | null): () => void {
  return feed.subscribe((change) => {
    const c = child();
    if (c?.connected) c.send({ type: "change", change } satisfies ChangeMessage, () => {});
  });
}
