import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { isPrivateAddress, PRIVATE_WEBHOOK_HELP, privateHostReason } from "../domain/private-address";

// How a webhook is posted: to the configured URL only (no redirects), and — unless the operator
// allows internal destinations — never to a private address, checked on the address the socket
// actually connects to. The name is resolved once per connection and every answer is checked
// before connecting, so a name that resolved to a public address when the channel was saved and
// to 127.0.0.1 now (DNS rebinding) is refused. What the delivery log records says why a delivery
// failed, never which internal ports answer.

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** A delivery that must not be retried: the destination is refused. */
export class RefusedDestinationError extends Error {
  constructor(reason: string) {
    super(`refused: ${reason}. ${PRIVATE_WEBHOOK_HELP}`);
    this.name = "RefusedDestinationError";
  }
}

/** A DNS lookup that fails when any answer is a private address. */
export function publicOnlyLookup(resolve: typeof dnsLookup = dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, answers) => {
      if (err) return callback(err, "", 0);
      const list = answers as unknown as LookupAddress[];
      const bad = list.find((a) => isPrivateAddress(a.address));
      if (bad || list.length === 0) return callback(new RefusedDestinationError(`${hostname} resolves to a private or internal address`), "", 0);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}

/** What a failed connection says in the delivery log: its kind, not the address and port behind it. */
function describeFailure(e: unknown): Error {
  if (e instanceof RefusedDestinationError) return e;
  const code = (e as { code?: string }).code;
  if (code === "ETIMEDOUT" || (e as Error).name === "TimeoutError" || (e as Error).name === "AbortError") return new Error("timed out");
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return new Error("the host name does not resolve");
  if (code && /^E[A-Z]+$/.test(code)) return new Error(`could not connect (${code})`);
  return new Error("could not connect");
}

/**
 * A `fetch` for webhook deliveries: POST with the given headers and body, no redirects followed
 * (a 3xx is the answer). With `allowPrivate` false, private destinations are refused — a literal
 * address in the URL before anything is sent, a name on every address it resolves to.
 */
export function webhookFetch(allowPrivate: boolean, resolve?: typeof dnsLookup): FetchLike {
  return (url, init) =>
    new Promise<Response>((done, fail) => {
      const target = new URL(url);
      if (!allowPrivate) {
        const reason = privateHostReason(target.hostname);
        if (reason) return fail(new RefusedDestinationError(reason));
      }
      const client = target.protocol === "https:" ? https : http;
      const req = client.request(
        target,
        {
          method: init.method ?? "POST",
          headers: init.headers as Record<string, string>,
          signal: init.signal ?? undefined,
          lookup: allowPrivate ? undefined : publicOnlyLookup(resolve),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => done(new Response(res.statusCode === 204 || res.statusCode === 304 ? null : Buffer.concat(chunks), { status: res.statusCode ?? 502 })));
          res.on("error", (e) => fail(describeFailure(e)));
        },
      );
      req.on("error", (e) => fail(describeFailure(e)));
      req.end(typeof init.body === "string" ? init.body : undefined);
    });
}
