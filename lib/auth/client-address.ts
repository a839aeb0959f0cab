import { env } from "../env";

// Who is asking, for throttles: the TCP peer's address, never a header a client can set —
// unless the operator says a reverse proxy sits in front (ROLLGUARD_TRUST_PROXY = how many proxy
// hops to trust; "true" is 1). Then the client is the address that many entries from the right
// of X-Forwarded-For, and the Origin check reads the host from X-Forwarded-Host.
//
// The peer address reaches route handlers as `x-rollguard-peer`, written over whatever the client
// sent by scripts/peer-address.cjs, which `npm start` preloads into the Next.js server.

export const PEER_HEADER = "x-rollguard-peer";

type HeaderSource = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

function header(h: HeaderSource, name: string): string | null {
  if (typeof (h as { get?: unknown }).get === "function") return (h as { get(n: string): string | null }).get(name);
  const v = (h as Record<string, string | string[] | undefined>)[name];
  return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
}

/** How many reverse-proxy hops to trust (0: none, the default). */
export function trustedProxyHops(): number {
  const raw = (env().ROLLGUARD_TRUST_PROXY ?? "").trim().toLowerCase();
  if (raw === "" || raw === "0" || raw === "false" || raw === "off") return 0;
  if (raw === "true" || raw === "on") return 1;
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/** The client's address for throttling: the peer, or through trusted proxies; "unknown" when neither is known. */
export function clientAddress(h: HeaderSource): string {
  const peer = header(h, PEER_HEADER)?.trim() || null;
  const hops = trustedProxyHops();
  if (hops > 0) {
    const chain = (header(h, "x-forwarded-for") ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    // the proxy appends the address it saw: the last `hops` entries were written by trusted proxies
    const fromProxy = chain[chain.length - hops];
    if (fromProxy) return fromProxy;
  }
  return peer ?? "unknown";
}

/** X-Forwarded-Host when a trusted proxy is configured; null otherwise (anyone can send it). */
export function forwardedHost(h: HeaderSource): string | null {
  if (trustedProxyHops() === 0) return null;
  return header(h, "x-forwarded-host")?.split(",")[0].trim() || null;
}

/**
 * The origin people reach the app at, for snippets they copy: ROLLGUARD_PUBLIC_URL when set, else
 * this request's host (through a trusted proxy: its forwarded host and scheme).
 */
export function appOrigin(h: HeaderSource): string {
  const configured = env().ROLLGUARD_PUBLIC_URL;
  if (configured) return new URL(configured).origin;
  const proxied = trustedProxyHops() > 0;
  const host = forwardedHost(h) ?? header(h, "host") ?? "localhost:3000";
  const scheme = (proxied && header(h, "x-forwarded-proto")?.split(",")[0].trim()) || "http";
  return `${scheme === "https" ? "https" : "http"}://${host}`;
}
