// One Rollguard instance for the PostgreSQL fault suite (lib/faults/postgres-outage.test.ts): the
// app's routes the stop path crosses, served over HTTP by plain node with the server process's
// start-up (pending pauses restored from local disk, background work retried until the database
// answers). Run as `node --import tsx lib/testing/instance-server.ts`; prints `listening <url>`.
import type { RouteHandler } from "../decision/node-routes";

async function main() {
  const { liveLoopRoutes, serveRoutes } = await import("./route-server");
  const health = await import("../../app/api/health/route");
  const { startServerProcess } = await import("../server-startup");
  const routes = await liveLoopRoutes();
  routes["/api/health"] = { GET: health.GET as unknown as RouteHandler };
  const server = await serveRoutes(routes, { port: Number(process.env.INSTANCE_PORT ?? 0), host: "127.0.0.1" });
  void startServerProcess();
  console.log(`listening ${server.url}`);
  const quit = () => void server.close().then(() => process.exit(0));
  process.on("SIGTERM", quit);
  process.on("SIGINT", quit);
}

main().catch((e) => {
  console.error("instance failed to start", e);
  process.exit(1);
});
