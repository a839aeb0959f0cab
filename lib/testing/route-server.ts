import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// Serves route handlers over real HTTP on 127.0.0.1 (random port) without `next build`, so that
// real clients (the OpenFeature SDK, fetch reading an SSE stream) talk to the app in tests.

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Routes = Record<string, Partial<Record<"GET" | "POST", Handler>>>;

export interface RouteServer {
  url: string;
  close(): Promise<void>;
}

function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split("/");
  const s = path.split("/");
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith("[")) params[p[i].slice(1, -1)] = decodeURIComponent(s[i]);
    else if (p[i] !== s[i]) return null;
  }
  return params;
}

async function toRequest(req: IncomingMessage, base: string, signal: AbortSignal): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(new URL(req.url ?? "/", base), { method: req.method, headers, body: hasBody ? Buffer.concat(chunks) : undefined, signal });
}

async function writeResponse(res: ServerResponse, response: Response) {
  res.statusCode = response.status;
  response.headers.forEach((v, k) => res.setHeader(k, v));
  if (!response.body) return void res.end();
  res.flushHeaders();
  const reader = response.body.getReader();
  res.on("close", () => void reader.cancel().catch(() => {}));
  for (;;) {
    const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
    if (done) break;
    res.write(value);
  }
  res.end();
}

export async function serveRoutes(routes: Routes): Promise<RouteServer> {
  let base = "";
  const server: Server = createServer(async (req, res) => {
    const abort = new AbortController();
    res.on("close", () => abort.abort());
    try {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      for (const [pattern, methods] of Object.entries(routes)) {
        const params = match(pattern, path);
        if (!params) continue;
        const handler = methods[req.method as "GET" | "POST"];
        if (!handler) break;
        return await writeResponse(res, await handler(await toRequest(req, base, abort.signal), { params: Promise.resolve(params) }));
      }
      res.statusCode = 404;
      res.end();
    } catch (e) {
      res.statusCode = 500;
      res.end(String(e));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The app's guardrail routes, imported lazily so each test file gets its own database first. */
export async function guardrailRoutes(): Promise<Routes> {
  const [single, bulk, stream, pause, resume, alerts, ack, events] = await Promise.all([
    import("../../app/ofrep/v1/evaluate/flags/[key]/route"),
    import("../../app/ofrep/v1/evaluate/flags/route"),
    import("../../app/api/v1/stream/route"),
    import("../../app/api/v1/features/[key]/pause/route"),
    import("../../app/api/v1/features/[key]/resume/route"),
    import("../../app/api/v1/features/[key]/alerts/route"),
    import("../../app/api/v1/alerts/[id]/acknowledge/route"),
    import("../../app/api/v1/events/route"),
  ]);
  const h = (f: unknown) => f as Handler;
  return {
    "/ofrep/v1/evaluate/flags/[key]": { POST: h(single.POST) },
    "/ofrep/v1/evaluate/flags": { POST: h(bulk.POST) },
    "/api/v1/stream": { GET: h(stream.GET) },
    "/api/v1/features/[key]/pause": { POST: h(pause.POST) },
    "/api/v1/features/[key]/resume": { POST: h(resume.POST) },
    "/api/v1/features/[key]/alerts": { GET: h(alerts.GET) },
    "/api/v1/alerts/[id]/acknowledge": { POST: h(ack.POST) },
    "/api/v1/events": { POST: h(events.POST) },
  };
}
