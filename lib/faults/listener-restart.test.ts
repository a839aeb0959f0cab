import { rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { bundleDecisionListener } from "../../scripts/lib/build";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Supervision: the decision listener's process is restarted after any exit the app did not ask
// for — SIGTERM (it exits 0), SIGKILL, a crash — and answers again within 3 s; /api/health shows
// the gap (503, listener "down") and the restart.

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
let stop: () => void;
let url: string;
let key: string;
let health: Handler;
let status: typeof import("../decision/supervisor").decisionListenerStatus;

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const p = (probe.address() as { port: number }).port;
      probe.close(() => resolve(p));
    });
  });

const evaluate = () =>
  fetch(`${url}/ofrep/v1/evaluate/flags/listener-feature`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify({ context: { targetingKey: "u-1" } }),
    signal: AbortSignal.timeout(1000),
  }).then(
    (r) => r.status,
    () => 0,
  );

const healthOf = async () => {
  const res = await health(new Request("http://localhost/api/health"), { params: Promise.resolve({}) });
  return {
    status: res.status,
    body: (await res.json()) as {
      decisionListener: { state: string; restarts: number; lastExit: { code: number | null; signal: string | null } | null };
    },
  };
};

beforeAll(async () => {
  const fixtures = await import("../testing/fixtures");
  await fixtures.givenFeature("listener-feature", "full");
  key = await fixtures.givenKey(["evaluate"]);
  const server = await import("../decision/supervisor");
  status = server.decisionListenerStatus;
  health = (await import("../../app/api/health/route")).GET as Handler;
  const port = await freePort();
  // as in production: the esbuild bundle under plain node (what `npm start` runs)
  const bundle = path.resolve(".tmp", `listener-${process.pid}`, "decision-server.mjs");
  bundleDecisionListener(bundle);
  stop = server.startDecisionProcess({ port, host: "127.0.0.1", bundle });
  url = `http://127.0.0.1:${port}`;
  for (let i = 0; (await evaluate()) !== 200; i++) {
    if (i > 600) throw new Error("the decision listener did not start");
    await new Promise((r) => setTimeout(r, 50));
  }
}, 60_000);

afterAll(() => {
  stop?.();
  rmSync(path.resolve(".tmp", `listener-${process.pid}`), { recursive: true, force: true });
});

// The promise is 3 s. On a machine whose run queue is several times its cores (CI boxes shared by
// many jobs) a node process alone can take longer to start: there the bound is relaxed, and said so.
const overloaded = os.loadavg()[0] > 3 * os.cpus().length;
const BOUND_MS = overloaded ? 10_000 : 3000;

describe.each([["SIGTERM"], ["SIGKILL"]] as const)("the listener killed with %s", (signal) => {
  it("answers again within 3 s, and health shows the gap and the restart", async () => {
    const before = status()!.restarts;
    const pid = status()!.pid!;
    process.kill(pid, signal);
    const killed = performance.now();
    await expect.poll(async () => (await healthOf()).status, { timeout: BOUND_MS, interval: 20 }).toBe(503);
    expect((await healthOf()).body.decisionListener.state).toBe("down");
    await expect.poll(evaluate, { timeout: BOUND_MS, interval: 20 }).toBe(200);
    const back = performance.now() - killed;
    expect(back).toBeLessThan(BOUND_MS);
    console.info(
      `listener back ${back.toFixed(0)} ms after ${signal}${overloaded ? ` (machine overloaded: load ${os.loadavg()[0].toFixed(1)}, bound relaxed to ${BOUND_MS} ms)` : ""}`,
    );
    await expect.poll(async () => (await healthOf()).body.decisionListener.state, { timeout: BOUND_MS, interval: 50 }).toBe("serving");
    const after = await healthOf();
    expect(after.body.decisionListener).toMatchObject({ state: "serving", restarts: before + 1 });
    expect(after.body.decisionListener.lastExit).toMatchObject(signal === "SIGKILL" ? { signal: "SIGKILL" } : { code: 0 });
    expect(status()!.pid).not.toBe(pid);
  });
});

describe("the listener hung (SIGSTOP: alive, answering nothing)", () => {
  it("is killed by the liveness probe and replaced within 5 s", async () => {
    const before = status()!;
    const pid = before.pid!;
    process.kill(pid, "SIGSTOP");
    const stopped = performance.now();
    try {
      const bound = overloaded ? 15_000 : 5000;
      await expect.poll(async () => status()!.pid !== pid && (await evaluate()) === 200, { timeout: bound, interval: 50 }).toBe(true);
      const back = performance.now() - stopped;
      expect(back).toBeLessThan(bound);
      console.info(`hung listener replaced and answering ${back.toFixed(0)} ms after SIGSTOP`);
      const after = status()!;
      expect(after).toMatchObject({ restarts: before.restarts + 1, hangs: before.hangs + 1 });
      expect(after.lastExit).toMatchObject({ signal: "SIGKILL" });
    } finally {
      // never leave a stopped process behind (it is gone when the probe killed it)
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  });
});
