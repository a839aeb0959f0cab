// The app's server process in production (what `npm start` runs, bundled to .next/rollguard/app-server.mjs):
// Next.js behind a plain node:http server — Next.js's documented custom server — whose lean lane
// answers ingest and OFREP evaluation (lib/http/app-lane.ts) before Next.js routes anything. Measured
// in bench/NOTES.md: Next.js's routing and Web Request per batch were a third of the server's work
// under ingest load. Every other request, pages and API alike, goes to Next.js as `next start` would
// serve it; instrumentation.ts runs as it does there (background work, the decision listener).
//   node .next/rollguard/app-server.mjs --port 3000 [--hostname 127.0.0.1]
import { createServer } from "node:http";

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

async function main() {
  // as `next start` sets it, before Next.js is loaded
  (process.env as Record<string, string>).NODE_ENV = "production";
  const port = Number(option("port") ?? process.env.PORT ?? 3000);
  const hostname = option("hostname");
  const { default: next } = await import("next");
  const app = next({ dev: false, dir: process.cwd(), hostname: hostname ?? "localhost", port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const [{ appLane }, { errorResponse }] = await Promise.all([import("../lib/http/app-lane"), import("../lib/http/respond")]);
  const lean = appLane();
  const shown =
    !hostname || hostname === "0.0.0.0" || hostname === "::" ? "localhost" : hostname.includes(":") ? `[${hostname}]` : hostname;
  const base = `http://${shown}:${port}`;
  const server = createServer((req, res) => {
    lean(req, res, base)
      .then((answered) => (answered ? undefined : handle(req, res)))
      .catch(async (e: unknown) => {
        // the one error body (lib/http/respond.ts), when Next.js itself throws
        if (res.headersSent) return void res.destroy();
        const answer = errorResponse(e, (x) => console.error("rollguard: request failed", x));
        res.writeHead(answer.status, Object.fromEntries(answer.headers)).end(await answer.text());
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, () => resolve());
  });
  console.log(`rollguard: app server ready on ${base}`);
  let closing = false;
  const quit = () => {
    if (closing) return;
    closing = true;
    server.close();
    server.closeIdleConnections();
    void app.close().finally(() => process.exit(0));
  };
  process.on("SIGTERM", quit);
  process.on("SIGINT", quit);
}

main().catch((e) => {
  console.error("rollguard: the app server failed to start", e);
  process.exit(1);
});
