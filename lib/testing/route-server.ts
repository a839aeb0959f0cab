import { nodeRouter, serveRouter, type NodeRouter, type RouteHandler, type RouteServer, type Routes } from "../decision/node-routes";

// Serves route handlers over real HTTP on 127.0.0.1 (random port) without `next build`, so that
// real clients (the OpenFeature SDK, fetch reading an SSE stream) talk to the app in tests.

export { serveRoutes, type RouteServer } from "../decision/node-routes";

/** The app's routes the live loop crosses (ingest → alert → pause → decision), imported lazily so each test file gets its own database first. */
export async function liveLoopRoutes(): Promise<Routes> {
  const [single, bulk, stream, pause, resume, alerts, ack, events, flagEvents] = await Promise.all([
    import("../../app/ofrep/v1/evaluate/flags/[key]/route"),
    import("../../app/ofrep/v1/evaluate/flags/route"),
    import("../../app/api/v1/stream/route"),
    import("../../app/api/v1/features/[key]/pause/route"),
    import("../../app/api/v1/features/[key]/resume/route"),
    import("../../app/api/v1/features/[key]/alerts/route"),
    import("../../app/api/v1/alerts/[id]/acknowledge/route"),
    import("../../app/api/v1/events/route"),
    import("../../app/api/v1/flag-events/route"),
  ]);
  const h = (f: unknown) => f as RouteHandler;
  return {
    "/ofrep/v1/evaluate/flags/[key]": { POST: h(single.POST), OPTIONS: h(single.OPTIONS) },
    "/ofrep/v1/evaluate/flags": { POST: h(bulk.POST), OPTIONS: h(bulk.OPTIONS) },
    "/api/v1/flag-events": { GET: h(flagEvents.GET), OPTIONS: h(flagEvents.OPTIONS) },
    "/api/v1/stream": { GET: h(stream.GET) },
    "/api/v1/features/[key]/pause": { POST: h(pause.POST) },
    "/api/v1/features/[key]/resume": { POST: h(resume.POST) },
    "/api/v1/features/[key]/alerts": { GET: h(alerts.GET) },
    "/api/v1/alerts/[id]/acknowledge": { POST: h(ack.POST) },
    "/api/v1/events": { POST: h(events.POST), OPTIONS: h(events.OPTIONS) },
  };
}

/**
 * As the app server (scripts/app-server.ts) serves: `lane` answers first (lib/http/app-lane.ts),
 * and what it leaves goes to `rest` (standing in for Next.js), else 404.
 */
export function serveWithLane(lane: NodeRouter, rest: Routes = {}): Promise<RouteServer> {
  const others = nodeRouter(rest);
  return serveRouter(async (req, res, base) => (await lane(req, res, base)) || others(req, res, base));
}

/** What this stand-in for Next.js answers to every request the lane leaves (body "next"). */
export const NEXT_SAYS = 418;

/** The lane before a stand-in for Next.js that answers NEXT_SAYS, its body unread: what the lane leaves shows. */
export function serveLaneBeforeNext(lane: NodeRouter): Promise<RouteServer> {
  return serveRouter(async (req, res, url) => {
    if (await lane(req, res, url)) return true;
    req.resume();
    res.writeHead(NEXT_SAYS).end("next");
    return true;
  });
}
