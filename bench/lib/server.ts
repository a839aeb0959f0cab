import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { appServerCommand } from "../../scripts/lib/build";

// The production server under test, and its memory: peak RSS (VmHWM) over its process tree.

export interface Server {
  url: string;
  /** the lean decision listener of the same process (ROLLGUARD_DECISION_PORT) */
  decisionUrl: string;
  child: ChildProcess;
  rssMb(): number;
  /** peak RSS of the whole process tree (the app and its decision listener) */
  peakRssMb(): number;
  /** the same, of the decision listener's process alone */
  listenerPeakRssMb(): number;
  stop(): Promise<void>;
}

function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${d}/stat`, "utf8").split(") ")[1].split(" ")[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(d)]);
    } catch {}
  }
  const out = [pid];
  for (let i = 0; i < out.length; i++) out.push(...(parents.get(out[i]) ?? []));
  return out;
}

function statusKb(pid: number, field: string): number {
  try {
    const m = readFileSync(`/proc/${pid}/status`, "utf8").match(new RegExp(`${field}:\\s+(\\d+)`));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

function isListener(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("decision-server");
  } catch {
    return false;
  }
}

/** One process of a server's tree, its memory now and at peak, in MB (from /proc: status, smaps_rollup). */
export interface ProcessMemory {
  pid: number;
  role: "app" | "listener" | "other";
  rssMb: number;
  peakMb: number;
  /** anonymous memory: the JS heap, native allocations (SQLite's cache, Prisma's engine), stacks */
  anonMb: number;
  /** file-backed pages: node's binary and the shared libraries it maps */
  fileMb: number;
}

function smapsKb(pid: number, field: string): number {
  try {
    const m = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8").match(new RegExp(`^${field}:\\s+(\\d+)`, "m"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** The memory of each process under `pid` (itself included). */
export function processMemory(pid: number): ProcessMemory[] {
  return descendants(pid).map((p) => {
    const rss = statusKb(p, "VmRSS");
    const anon = smapsKb(p, "Anonymous");
    return {
      pid: p,
      role: isListener(p) ? "listener" : p === pid ? "app" : "other",
      rssMb: rss / 1024,
      peakMb: statusKb(p, "VmHWM") / 1024,
      anonMb: anon / 1024,
      fileMb: (rss - anon) / 1024,
    };
  });
}

const running = new Set<Server>();

/** Stops every server this process started (also after a failed step). */
export async function stopAll(): Promise<void> {
  for (const s of [...running]) await s.stop();
}

export async function startServer(env: NodeJS.ProcessEnv, port: number): Promise<Server> {
  const busy = await fetch(`http://127.0.0.1:${port}/api/health`).then(
    () => true,
    () => false,
  );
  if (busy) throw new Error(`port ${port} is already in use: stop the server listening there first`);
  const { command, args } = appServerCommand(port, "127.0.0.1"); // as npm start runs it
  // BENCH_APP_NODE_FLAGS: V8 or node flags for the app's process alone (diagnostics: --trace-gc,
  // --heap-prof), and BENCH_SERVER_STDOUT=1 to see what it prints
  const flags = (process.env.BENCH_APP_NODE_FLAGS ?? "").split(" ").filter(Boolean);
  const child = spawn(command, [...flags, ...args], {
    // the limiter stays on the path, with allowances the load generator cannot reach
    env: {
      ...env,
      ROLLGUARD_DECISION_PORT: String(port + 100),
      ROLLGUARD_INGEST_RATE_LIMIT: "1000000000",
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      AUTH_TRUST_HOST: "1",
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    },
    stdio: ["ignore", process.env.BENCH_SERVER_STDOUT ? "inherit" : "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {}
    if (i > 600) throw new Error("server did not start");
    await new Promise((r) => setTimeout(r, 100));
  }
  const decisionUrl = `http://127.0.0.1:${port + 100}`;
  for (
    let i = 0;
    !(await fetch(`${decisionUrl}/api/health`).then(
      (r) => r.ok,
      () => false,
    ));
    i++
  ) {
    if (i > 100) throw new Error(`the decision listener did not answer on ${decisionUrl}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const server: Server = {
    url,
    decisionUrl,
    child,
    rssMb: () => descendants(child.pid!).reduce((s, p) => s + statusKb(p, "VmRSS"), 0) / 1024,
    peakRssMb: () => descendants(child.pid!).reduce((s, p) => s + statusKb(p, "VmHWM"), 0) / 1024,
    listenerPeakRssMb: () =>
      descendants(child.pid!)
        .filter(isListener)
        .reduce((s, p) => s + statusKb(p, "VmHWM"), 0) / 1024,
    async stop() {
      running.delete(server);
      for (const p of descendants(child.pid!).reverse()) {
        try {
          process.kill(p, "SIGTERM");
        } catch {}
      }
      await new Promise((r) => setTimeout(r, 500));
    },
  };
  running.add(server);
  return server;
}

/**
 * The machine's own floor for a small JSON answer over HTTP: a bare node:http server in its own
 * process that reads the body and answers a constant. Measured with the same client in the same
 * run, it separates what the client and the loopback cost from what Rollguard costs.
 */
export async function startBareServer(port: number): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const code = `require("node:http").createServer((req, res) => { req.resume(); req.on("end", () => { res.setHeader("content-type", "application/json"); res.end('{"key":"meeting-summary","value":true,"reason":"TARGETING_MATCH","variant":"ai"}'); }); }).listen(${port}, "127.0.0.1");`;
  const child = spawn(process.execPath, ["-e", code], { stdio: ["ignore", "ignore", "inherit"] });
  const url = `http://127.0.0.1:${port}`;
  for (
    let i = 0;
    !(await fetch(url, { method: "POST", body: "{}" }).then(
      (r) => r.ok,
      () => false,
    ));
    i++
  ) {
    if (i > 100) throw new Error("the bare server did not start");
    await new Promise((r) => setTimeout(r, 50));
  }
  const stop = async () => {
    child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 200));
  };
  return { url, pid: child.pid!, stop };
}
