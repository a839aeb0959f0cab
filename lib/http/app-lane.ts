import { nodeRouter, type NodeRouter } from "../decision/node-routes";
import { OFREP_ROUTES } from "../decision/routes";
import { ingestLane } from "./ingest-routes";

// The app server's lean lane (scripts/app-server.ts): the endpoints products call at volume —
// ingest (events, OTLP traces: ./ingest-routes.ts) and OFREP evaluation (lib/decision/routes.ts) —
// answered with the route files' own handlers before Next.js routes anything. Every other request
// goes to Next.js. Measured in bench/NOTES.md: through Next.js's routing, an ingest batch cost a
// third more work, and 32 OFREP clients grew the app's memory by ~150 MB.

export function appLane(): NodeRouter {
  const ingest = ingestLane();
  // the handlers bound the context they read (64 KiB) with OFREP's own error: the lane's limit is
  // only the outer guard, as Next.js's is for the route files
  const ofrep = nodeRouter(OFREP_ROUTES, { lite: true });
  return async (req, res, base) => (await ingest(req, res, base)) || ofrep(req, res, base);
}
