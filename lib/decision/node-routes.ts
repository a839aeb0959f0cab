import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { AppError } from "../errors";
import { errorResponse, WHOLE_BODY } from "../http";

// Route handlers (Web `Request` → `Response`, the shape Next.js calls) served by a plain
// `node:http` server: the lean decision listener in production, and real HTTP in tests.

export type RouteHandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response | PlainResponse>;

/**
 * An answer without undici's Response (and its body stream): what the decision handlers return on
 * their hot path. The listener writes it directly; `asNextHandler` turns it into a Response.
 */
export class PlainResponse {
  constructor(
    readonly status: number,
    readonly headers: Record<string, string>,
    readonly text: string | null,
  ) {}

  toResponse(): Response {
    return new Response(this.text, { status: this.status, headers: this.headers });
  }
}

/** A handler that may answer a PlainResponse, as Next.js route handlers must be: Response only. */
export function asNextHandler<C>(
  fn: (req: Request, ctx: C) => Promise<Response | PlainResponse>,
): (req: Request, ctx: C) => Promise<Response> {
  return async (req, ctx) => {
    const r = await fn(req, ctx);
    return r instanceof PlainResponse ? r.toResponse() : r;
  };
}
export type Routes = Record<string, Partial<Record<"GET" | "POST" | "OPTIONS", RouteHandler>>>;

export interface RouteServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** A path segment that is not valid percent-encoding (`%ZZ`): 400, not a URIError. */
export class BadPath extends Error {}

function decodeSegment(s: string): string {
  if (!s.includes("%")) return s; // nothing to decode (a flag key as it is)
  try {
    return decodeURIComponent(s);
  } catch {
    throw new BadPath(s);
  }
}

/** A route pattern split once into its segments ("[name]": a parameter). */
type Pattern = { segments: string[]; params: (string | null)[] };
const compile = (pattern: string): Pattern => {
  const segments = pattern.split("/");
  return { segments, params: segments.map((p) => (p.startsWith("[") ? p.slice(1, -1) : null)) };
};

function match(pattern: Pattern, path: string): Record<string, string> | null {
  const p = pattern.segments;
  const s = path.split("/");
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const name = pattern.params[i];
    if (name !== null) params[name] = decodeSegment(s[i]);
    else if (p[i] !== s[i]) return null;
  }
  return params;
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage, maxBodyBytes: number): Promise<Buffer> {
  const declared = req.headers["content-length"];
  // A declared length within the limit (the parser delivers no more than it): collected from the
  // stream's events, without an async iterator per request.
  if (declared !== undefined && Number(declared) <= maxBodyBytes) return collect(req);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > maxBodyBytes) throw new BodyTooLarge();
    chunks.push(c as Buffer);
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
}

const EMPTY = Buffer.alloc(0);

function collect(req: IncomingMessage): Promise<Buffer> {
  if (req.readableEnded) return Promise.resolve(EMPTY);
  return new Promise((resolve, reject) => {
    let first: Buffer | null = null;
    let more: Buffer[] | null = null;
    const onData = (c: Buffer) => {
      if (first === null) first = c;
      else (more ??= [first]).push(c);
    };
    const onEnd = () => {
      done();
      resolve(more ? Buffer.concat(more) : (first ?? EMPTY));
    };
    const onError = (e: Error) => {
      done();
      reject(e);
    };
    // the client went away before the end: as the async iterator does, a premature close
    const onClose = () => {
      if (req.readableEnded) return;
      done();
      reject(Object.assign(new Error("Premature close"), { code: "ERR_STREAM_PREMATURE_CLOSE" }));
    };
    const done = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onClose);
  });
}

/** Header access on node's own header object (lower-case names), as the Web Headers answer it. */
class LiteHeaders {
  constructor(private readonly raw: IncomingMessage["headers"]) {}

  get(name: string): string | null {
    const v = this.raw[name.toLowerCase()];
    return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
  }

  has(name: string): boolean {
    return this.get(name) !== null;
  }
}

/**
 * The part of the Web `Request` that Rollguard's handlers read (headers, url, method, the body as
 * one chunk, an abort signal), without undici's Request, Headers and stream objects, which cost
 * more per request than the decision itself (profiled: ~40 % of the listener's CPU).
 */
class LiteRequest {
  readonly headers: LiteHeaders;
  private abort: AbortController | null = null;

  constructor(
    readonly method: string,
    readonly url: string,
    raw: IncomingMessage["headers"],
    private readonly bytes: Buffer,
    private readonly res: ServerResponse,
  ) {
    this.headers = new LiteHeaders(raw);
  }

  /** Aborted when the client goes away; watched only once a handler asks (the streams do). */
  get signal(): AbortSignal {
    if (!this.abort) {
      const abort = (this.abort = new AbortController());
      if (this.res.destroyed) abort.abort();
      else this.res.once("close", () => abort.abort());
    }
    return this.abort.signal;
  }

  /** The whole body at once for lib/http/body.ts (null: none), as `body` would stream it. */
  [WHOLE_BODY](): Buffer | null {
    return this.bytes.length === 0 || this.method === "GET" || this.method === "HEAD" ? null : this.bytes;
  }

  get body() {
    if (this.bytes.length === 0 || this.method === "GET" || this.method === "HEAD") return null;
    let done = false;
    const bytes = new Uint8Array(this.bytes.buffer, this.bytes.byteOffset, this.bytes.length);
    return {
      getReader: () => ({
        read: async () => (done ? { done: true as const, value: undefined } : ((done = true), { done: false as const, value: bytes })),
        cancel: async () => {},
        releaseLock: () => {},
      }),
    };
  }

  async text(): Promise<string> {
    return this.bytes.toString("utf8");
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.bytes.toString("utf8"));
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    return new Uint8Array(this.bytes).buffer;
  }
}

async function toRequest(req: IncomingMessage, base: string, signal: AbortSignal, maxBodyBytes: number): Promise<Request> {
  const body = await readBody(req, maxBodyBytes);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(base + (req.url ?? "/"), { method: req.method, headers, body: hasBody ? new Uint8Array(body) : undefined, signal });
}

async function writeResponse(res: ServerResponse, response: Response | PlainResponse) {
  if (response instanceof PlainResponse) {
    res.writeHead(response.status, response.headers);
    return void res.end(response.text ?? undefined);
  }
  res.statusCode = response.status;
  response.headers.forEach((v, k) => res.setHeader(k, v));
  if (!response.body) return void res.end();
  const streaming = (response.headers.get("content-type") ?? "").startsWith("text/event-stream");
  if (!streaming) return void res.end(Buffer.from(await response.arrayBuffer()));
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

/** The listener's own refusals, in the one error body (lib/http/respond.ts). */
const refuse = (res: ServerResponse, status: number, code: string, message: string, headers?: Record<string, string>) =>
  writeResponse(res, errorResponse(new AppError(code, status, message, undefined, headers)));

const tooLarge = (maxBodyBytes: number) =>
  new AppError("payload_too_large", 413, `The body is larger than ${Math.round(maxBodyBytes / 1024)} KiB`, undefined, {
    connection: "close",
  });

export interface ServeOptions {
  port?: number;
  /** null: every interface */
  host?: string | null;
  /** Bodies larger than this are refused with 413 before a handler sees them. */
  maxBodyBytes?: number;
  /** Called when a handler throws (handlers answer their own errors; this is the last resort). */
  onError?: (e: unknown) => void;
  /**
   * Hand handlers a LiteRequest instead of a Web Request: for handlers that read only headers,
   * url, method, the body and the signal (the decision routes).
   */
  lite?: boolean;
}

/**
 * Answers a request with the route it matches, or returns false (nothing written) when no route
 * matches its path: the caller answers it (404 on the listener, Next.js in the app's server).
 */
export type NodeRouter = (req: IncomingMessage, res: ServerResponse, base: string) => Promise<boolean>;

export interface RouterOptions extends Pick<ServeOptions, "maxBodyBytes" | "onError" | "lite"> {
  /** The answer to a body over maxBodyBytes, for endpoints whose errors have a shape of their own (OTLP). */
  tooLarge?: (req: IncomingMessage, maxBodyBytes: number) => Response | PlainResponse | Promise<Response | PlainResponse>;
}

export function nodeRouter(routes: Routes, options: RouterOptions = {}): NodeRouter {
  const { maxBodyBytes = 1024 * 1024 } = options;
  const table = Object.entries(routes).map(([pattern, methods]) => [compile(pattern), methods] as const);
  return async (req, res, base) => {
    try {
      const q = (req.url ?? "/").indexOf("?");
      const path = q === -1 ? (req.url ?? "/") : (req.url ?? "/").slice(0, q);
      for (const [pattern, methods] of table) {
        const params = match(pattern, path);
        if (!params) continue;
        const handler = methods[req.method as "GET" | "POST" | "OPTIONS"];
        if (!handler) {
          await refuse(res, 405, "method_not_allowed", `${req.method} is not allowed here`, { allow: Object.keys(methods).join(", ") });
          return true;
        }
        let abort: AbortController | null = null;
        if (!options.lite) {
          const a = (abort = new AbortController());
          res.on("close", () => a.abort());
        }
        const request = abort
          ? await toRequest(req, base, abort.signal, maxBodyBytes)
          : (new LiteRequest(
              req.method ?? "GET",
              base + (req.url ?? "/"),
              req.headers,
              await readBody(req, maxBodyBytes),
              res,
            ) as unknown as Request);
        await writeResponse(res, await handler(request, { params: Promise.resolve(params) }));
        return true;
      }
      return false;
    } catch (e) {
      if (res.headersSent) {
        options.onError?.(e);
        res.destroy();
        return true;
      }
      if (e instanceof BodyTooLarge && options.tooLarge) {
        res.setHeader("connection", "close"); // the rest of the body is never read
        await writeResponse(res, await options.tooLarge(req, maxBodyBytes));
        return true;
      }
      const error =
        e instanceof BodyTooLarge
          ? tooLarge(maxBodyBytes)
          : e instanceof BadPath
            ? new AppError("invalid_path", 400, "The path is not valid percent-encoding")
            : e;
      await writeResponse(res, errorResponse(error, options.onError ?? (() => {})));
      return true;
    }
  };
}

export function serveRoutes(routes: Routes, options: ServeOptions = {}): Promise<RouteServer> {
  return serveRouter(nodeRouter(routes, options), options);
}

/** Serves one router (several composed, as the app server's lane before the rest); 404 for what it leaves. */
export async function serveRouter(answer: NodeRouter, options: Pick<ServeOptions, "port" | "host"> = {}): Promise<RouteServer> {
  const { port = 0, host = "127.0.0.1" } = options;
  let base = "";
  const server: Server = createServer(async (req, res) => {
    if (!(await answer(req, res, base))) await refuse(res, 404, "not_found", "No such endpoint");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host ?? undefined, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shown = host === null ? "localhost" : address.family === "IPv6" ? `[${address.address}]` : address.address;
  base = `http://${shown}:${address.port}`;
  return {
    url: base,
    server,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
